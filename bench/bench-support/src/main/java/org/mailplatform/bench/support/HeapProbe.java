package org.mailplatform.bench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap in use by another JVM after a full collection, read with {@code jcmd GC.run} and
 * {@code GC.heap_info}: what stays live, so the difference between two probes is what the
 * connections opened in between hold.
 */
public final class HeapProbe {

    private static final Pattern MAX = Pattern.compile("MaxHeapSize=(\\d+)");
    private static final Pattern USED = Pattern.compile("heap .*?used (\\d+)K");

    private final long pid;
    private final String jcmd;

    public HeapProbe(long pid) {
        this.pid = pid;
        String java = ProcessHandle.current().info().command().orElse("java");
        this.jcmd = Path.of(java).resolveSibling("jcmd").toString();
    }

    /** Bytes of live heap in the target JVM. */
    public long liveBytes() throws IOException, InterruptedException {
        run("GC.run");
        run("GC.run");
        String info = run("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("no heap size in: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The target JVM's maximum heap (-Xmx), from its VM flags. */
    public long maxBytes() throws IOException, InterruptedException {
        Matcher m = MAX.matcher(run("VM.flags"));
        if (!m.find()) {
            throw new IOException("no MaxHeapSize in VM.flags");
        }
        return Long.parseLong(m.group(1));
    }

    private String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
