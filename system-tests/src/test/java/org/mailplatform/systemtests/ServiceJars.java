package org.mailplatform.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The services' executable jars (copied into {@code target/service-jars} by the build), unpacked
 * once with Spring Boot's {@code -Djarmode=tools extract}: a JVM loads classes from plain jars on
 * its class path about a quarter faster than from jars nested in the executable jar, and nine JVMs
 * start on two cores.
 */
final class ServiceJars {

    private final Path directory;

    ServiceJars(Path directory) {
        this.directory = directory;
    }

    /** The runnable jar of {@code artifact} in its extracted layout, extracting it if the jar is newer. */
    Path extracted(String artifact) {
        Path jar = directory.resolve(artifact + ".jar");
        Path destination = directory.resolve("extracted").resolve(artifact);
        Path launcher = destination.resolve(artifact + ".jar");
        try {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": run the build's pre-integration-test phase first");
            }
            if (Files.isRegularFile(launcher)
                    && Files.getLastModifiedTime(launcher).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return launcher;
            }
            Process extract = new ProcessBuilder(List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--force", "--destination", destination.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IllegalStateException("extracting " + jar + " failed");
            }
            Files.setLastModifiedTime(launcher, Files.getLastModifiedTime(jar));
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code java} of this JVM: the children run on the same JDK as the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
