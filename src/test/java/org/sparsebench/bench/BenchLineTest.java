package org.sparsebench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchLineTest {
    @Test
    void lineHasTheFormatOfTorchReference() {
        // torch_reference.py: f"torch {name} batch={a.batch} threads={a.threads} img_per_s={rate:.1f}"
        String line = Throughput.line("input_grad", 256, 2, 1234.5678);
        assertEquals("sparsebench input_grad batch=256 threads=2 img_per_s=1234.6", line);
        Matcher m = Pattern.compile("^(\\w+) (forward|input_grad|train_step) batch=(\\d+) threads=(\\d+) "
                + "img_per_s=(\\d+\\.\\d)$").matcher(line);
        assertTrue(m.matches(), line);
    }
}
