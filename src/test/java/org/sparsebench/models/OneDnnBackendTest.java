package org.sparsebench.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** DESIGN.md "Measured": SameDiff is only fast on the oneDNN build of libnd4j; make sure that one loaded. */
class OneDnnBackendTest {

    @Test
    void nativeBuildInfoReportsOneDnn() {
        Nd4j.create(1); // forces backend initialisation
        // libnd4j's build information, the same text ND4J logs at start-up ("HAVE_ONEDNN" when built with oneDNN)
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertTrue(info.contains("HAVE_ONEDNN"), "libnd4j build info lacks HAVE_ONEDNN:\n" + info);
    }
}
