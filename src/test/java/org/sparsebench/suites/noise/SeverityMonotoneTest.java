package org.sparsebench.suites.noise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparsebench.api.Dataset;
import org.sparsebench.api.Seeds;
import org.sparsebench.data.Datasets;
import org.sparsebench.data.StratifiedSampler;

/**
 * Severity is monotone: on 64 class-stratified embedded Fashion-MNIST test images, the mean absolute
 * change from the clean image grows strictly from severity 1 to 5, for every corruption. Seeds are
 * derived as the noise suite derives them (one stream per corruption and severity).
 */
class SeverityMonotoneTest {

    @Test
    void meanAbsoluteChangeGrowsWithSeverity() {
        Dataset data = new Datasets(Path.of("data"), Path.of("no-train-data")).open(Datasets.FASHION_MNIST_TEST);
        int[] idx = StratifiedSampler.sample(data, 64, 7);
        INDArray x = data.images(idx);
        StringBuilder table = new StringBuilder();
        List<ImageCorruption> all = AllCorruptions.list();
        boolean ok = true;
        for (ImageCorruption c : all) {
            double prev = 0;
            table.append(String.format("%-18s", c.name()));
            for (int s = 1; s <= 5; s++) {
                INDArray y = c.apply(x, s, Seeds.of(42, c.name() + "/" + s, idx));
                double change = y.sub(x).norm1Number().doubleValue() / x.length();
                table.append(String.format(" %.4f", change));
                if (!(change > prev)) {
                    ok = false;
                    table.append('!');
                }
                prev = change;
            }
            table.append('\n');
        }
        assertTrue(ok, "mean |x' - x| per severity (! = not larger than the severity before):\n" + table);
    }
}
