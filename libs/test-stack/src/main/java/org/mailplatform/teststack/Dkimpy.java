package org.mailplatform.teststack;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of test-stack's dkimpy scripts (Debian's {@code python3-dkim}, which {@code .ci/run}
 * installs): an implementation of DKIM independent of jDKIM, to sign and verify with in tests.
 * A test using it is skipped where the package is missing.
 */
public final class Dkimpy {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** What a script printed and its exit code. */
    public record Result(byte[] output, int exitCode) {
    }

    private Dkimpy() {
    }

    /** Runs {@code /teststack/<script>} with {@code args}, {@code input} on its standard input. */
    public static Result run(String script, byte[] input, String... args) {
        assumeThat(installed()).as("python3-dkim is installed (apt-get install python3-dkim)").isTrue();
        try {
            Path file = Files.createTempFile("dkimpy", ".py");
            try {
                try (InputStream in = Dkimpy.class.getResourceAsStream("/teststack/" + script)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                List<String> command = new ArrayList<>(List.of(PYTHON.toString(), file.toString()));
                command.addAll(List.of(args));
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(input);
                }
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("dkimpy did not answer in 30 s");
                }
                return new Result(out, p.exitValue());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean installed() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
