package org.sparsebench.api;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a finished run somewhere: HTML, Allure results, JUnit XML… */
public interface Reporter extends Plugin {

    /**
     * Writes into {@code runDir} (the run's own folder); must not touch files outside it. The run calls
     * its reporters concurrently, each on its own thread, with the same finished results: a reporter
     * writes only its own files and does not read another's.
     */
    void write(RunResults results, ReportContext context, Path runDir) throws IOException;
}
