package org.mailplatform.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a message once, streaming, into a {@link MessageSummary}. Memory use is bounded by
 * {@link MimeLimits}, not by the message size: bodies are only scanned for boundary lines.
 *
 * <p>It never fails on the content of the message. Broken or missing boundaries, missing or
 * malformed headers, 8-bit and NUL bytes, malformed encoded words, absurd nesting and huge headers
 * all give a usable summary; what was repaired is listed in {@link MessageSummary#defects()}. The
 * only exception is an {@link IOException} of the stream itself.
 *
 * <p>Why not Mime4j's {@code MimeStreamParser} for the structure: it does not report byte offsets,
 * and IMAP needs them to serve {@code BODY[2]} from a ranged read (see docs/adr/0200). Mime4j
 * parses the header fields (Content-Type parameters, address lists, encoded words).
 */
public final class MessageParser {

    private final MimeLimits limits;

    public MessageParser(MimeLimits limits) {
        this.limits = limits;
    }

    public MessageParser() {
        this(MimeLimits.DEFAULTS);
    }

    /** Parses the message read from {@code in} (not closed). */
    public MessageSummary parse(InputStream in) throws IOException {
        return new Run(new LineReader(in), limits).message();
    }

    /** Parses a message held in memory. */
    public MessageSummary parse(byte[] message) {
        try {
            return parse(new ByteArrayInputStream(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of one parse: the line source, the open boundaries, counters. */
    private static final class Run {

        private static final int KEEP_BODY = 1024;
        private static final int EOF = -1;

        private final LineReader r;
        private final MimeLimits limits;
        private final List<byte[]> boundaries = new ArrayList<>();
        private final List<String> defects = new ArrayList<>();
        private boolean reuse;
        private boolean hasLine;
        private int prevTerm;
        private long linesRead;
        private int partCount;
        /** How the last entity ended: {@link #EOF} or boundary index * 2 + (1 if closing). */
        private int term = EOF;

        Run(LineReader r, MimeLimits limits) {
            this.r = r;
            this.limits = limits;
        }

        MessageSummary message() throws IOException {
            Parsed top = entity(0, false, 0, true);
            List<HeaderField> index = new ArrayList<>();
            long budget = limits.maxIndexedHeaderBytes();
            for (HeaderField f : top.fields) {
                budget -= f.name().length() + f.value().length() + 4L;
                if (budget < 0) {
                    defects.add("header index truncated");
                    break;
                }
                index.add(f);
            }
            return new MessageSummary(r.offset(), linesRead, top.envelope, top.part, index, partCount, defects);
        }

        private record Parsed(BodyPart part, List<HeaderField> fields, Envelope envelope) {
        }

        private boolean advance(int keep) throws IOException {
            if (reuse) {
                reuse = false;
                return true;
            }
            prevTerm = hasLine ? r.terminatorLength : 0;
            hasLine = r.next(keep);
            if (hasLine) {
                linesRead++;
            }
            return hasLine;
        }

        /** The boundary the current line is, as index * 2 + (1 if closing), or -1. */
        private int boundary() {
            if (boundaries.isEmpty() || r.truncated || r.keptLength < 2 || r.kept[0] != '-' || r.kept[1] != '-') {
                return -1;
            }
            for (int i = boundaries.size() - 1; i >= 0; i--) {
                byte[] b = boundaries.get(i);
                if (!startsWith(b, 2)) {
                    continue;
                }
                int pos = 2 + b.length;
                boolean close = false;
                if (pos + 1 < r.keptLength && r.kept[pos] == '-' && r.kept[pos + 1] == '-') {
                    close = true;
                    pos += 2;
                }
                while (pos < r.keptLength && (r.kept[pos] == ' ' || r.kept[pos] == '\t')) {
                    pos++;
                }
                if (pos == r.keptLength) {
                    return i * 2 + (close ? 1 : 0);
                }
            }
            return -1;
        }

        private boolean startsWith(byte[] b, int at) {
            if (r.keptLength < at + b.length) {
                return false;
            }
            for (int i = 0; i < b.length; i++) {
                if (r.kept[at + i] != b[i]) {
                    return false;
                }
            }
            return true;
        }

        /** End offset of a body that ends at the current line (a boundary) or at EOF. */
        private long endOffset(long bodyOffset) {
            if (term == EOF) {
                return r.offset();
            }
            return Math.max(bodyOffset, r.lineStart - prevTerm);
        }

        private long endLines() {
            return term == EOF ? linesRead : linesRead - 1;
        }

        private Parsed entity(long headerOffset, boolean inDigest, int depth, boolean top) throws IOException {
            partCount++;
            HeaderBlock header = new HeaderBlock(limits.maxHeaderBytes());
            long bodyOffset;
            long bodyStartLines;
            boolean ended = false;
            boolean first = true;
            while (true) {
                if (!advance(Math.max(KEEP_BODY, header.remaining()))) {
                    term = EOF;
                    ended = true;
                    bodyOffset = r.offset();
                    bodyStartLines = linesRead;
                    break;
                }
                int b = boundary();
                if (b >= 0) {
                    term = b;
                    ended = true;
                    bodyOffset = Math.max(headerOffset, r.lineStart - prevTerm);
                    bodyStartLines = linesRead - 1;
                    defects.add("header ended by a boundary at offset " + r.lineStart);
                    break;
                }
                if (r.lineLength == r.terminatorLength && !r.truncated) {
                    bodyOffset = r.offset();
                    bodyStartLines = linesRead;
                    break;
                }
                if (first && top && r.keptLength >= 5 && new String(r.kept, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1).equals("From ")) {
                    first = false;
                    defects.add("mbox From_ line in header");
                    continue;
                }
                first = false;
                if (HeaderBlock.isFieldStart(r.kept, r.keptLength) || HeaderBlock.isContinuation(r.kept, r.keptLength)) {
                    header.add(r.kept, r.keptLength, r.truncated);
                    continue;
                }
                defects.add("header line without a field name at offset " + r.lineStart + ": body starts there");
                reuse = true;
                bodyOffset = r.lineStart;
                bodyStartLines = linesRead - 1;
                break;
            }
            if (header.truncated()) {
                defects.add("header longer than " + limits.maxHeaderBytes() + " bytes at offset " + headerOffset);
            }
            List<HeaderField> fields = header.fields();
            ContentHeaders ch = ContentHeaders.of(fields, inDigest, defects);
            Envelope envelope = top ? EnvelopeBuilder.build(fields, defects) : null;
            List<BodyPart> parts = List.of();
            Parsed nested = null;
            if (ended) {
                if (ch.type().equals("multipart")) {
                    ch = ContentHeaders.textPlain(ch);
                }
                return new Parsed(part(ch, headerOffset, bodyOffset, 0, 0, parts, null), fields, envelope);
            }
            boolean expandable = depth < limits.maxDepth() && partCount < limits.maxParts();
            if (ch.type().equals("multipart")) {
                String boundary = ch.params().stream().filter(p -> p.name().equals("boundary"))
                        .map(Param::value).findFirst().orElse(null);
                if (boundary == null || boundary.isEmpty() || boundary.length() > KEEP_BODY - 8) {
                    defects.add("multipart without a usable boundary at offset " + headerOffset);
                    ch = ContentHeaders.textPlain(ch);
                } else if (!expandable) {
                    defects.add("multipart beyond the nesting/part limit at offset " + headerOffset);
                    ch = ContentHeaders.textPlain(ch);
                } else {
                    parts = multipart(boundary, "digest".equals(ch.subtype()), depth);
                    if (parts.isEmpty()) {
                        ch = ContentHeaders.textPlain(ch);
                    }
                    return new Parsed(part(ch, headerOffset, bodyOffset, endOffset(bodyOffset) - bodyOffset,
                            endLines() - bodyStartLines, parts, null), fields, envelope);
                }
            } else if (ch.type().equals("message") && (ch.subtype().equals("rfc822") || ch.subtype().equals("global"))
                    && isIdentity(ch.encoding()) && expandable) {
                nested = entity(bodyOffset, false, depth + 1, true);
                return new Parsed(part(ch, headerOffset, bodyOffset, nested.part.bodyEnd() - bodyOffset,
                        endLines() - bodyStartLines, parts, nested), fields, envelope);
            }
            while (advance(KEEP_BODY)) {
                int b = boundary();
                if (b >= 0) {
                    term = b;
                    return leaf(ch, headerOffset, bodyOffset, bodyStartLines, fields, envelope);
                }
            }
            term = EOF;
            return leaf(ch, headerOffset, bodyOffset, bodyStartLines, fields, envelope);
        }

        private Parsed leaf(ContentHeaders ch, long headerOffset, long bodyOffset, long bodyStartLines,
                            List<HeaderField> fields, Envelope envelope) {
            return new Parsed(part(ch, headerOffset, bodyOffset, endOffset(bodyOffset) - bodyOffset,
                    endLines() - bodyStartLines, List.of(), null), fields, envelope);
        }

        private static boolean isIdentity(String encoding) {
            return encoding.equals("7BIT") || encoding.equals("8BIT") || encoding.equals("BINARY");
        }

        private static BodyPart part(ContentHeaders ch, long headerOffset, long bodyOffset, long size, long lines,
                                     List<BodyPart> parts, Parsed nested) {
            return new BodyPart(ch.type(), ch.subtype(), ch.params(), ch.id(), ch.description(), ch.encoding(),
                    headerOffset, bodyOffset, size, Math.max(0, lines), ch.md5(), ch.disposition(), ch.languages(),
                    ch.location(), parts, nested == null ? null : nested.envelope, nested == null ? null : nested.part);
        }

        /**
         * Reads a multipart body: preamble, parts, epilogue. On return {@link #term} says how the
         * whole multipart ended (EOF or an outer boundary) and the current line is that boundary.
         */
        private List<BodyPart> multipart(String boundary, boolean digest, int depth) throws IOException {
            byte[] delimiter = boundary.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            boundaries.add(delimiter);
            int self = boundaries.size() - 1;
            List<BodyPart> parts = new ArrayList<>();
            try {
                int b;
                do {
                    if (!advance(KEEP_BODY)) {
                        defects.add("multipart boundary '" + boundary + "' never found");
                        term = EOF;
                        return parts;
                    }
                    b = boundary();
                } while (b < 0);
                if (b / 2 != self) {
                    defects.add("multipart boundary '" + boundary + "' never found before an outer boundary");
                    term = b;
                    return parts;
                }
                if (b % 2 == 1) {
                    defects.add("multipart '" + boundary + "' without parts");
                    return epilogue(parts, self);
                }
                while (true) {
                    if (partCount >= limits.maxParts()) {
                        defects.add("more than " + limits.maxParts() + " parts: the rest is epilogue");
                        return epilogue(parts, self);
                    }
                    Parsed child = entity(r.offset(), digest, depth + 1, false);
                    parts.add(child.part);
                    if (term == EOF) {
                        defects.add("multipart '" + boundary + "' without closing delimiter");
                        return parts;
                    }
                    if (term / 2 < self) {
                        defects.add("multipart '" + boundary + "' ended by an outer boundary");
                        return parts;
                    }
                    if (term % 2 == 1) {
                        return epilogue(parts, self);
                    }
                }
            } finally {
                boundaries.remove(self);
            }
        }

        private List<BodyPart> epilogue(List<BodyPart> parts, int self) throws IOException {
            while (advance(KEEP_BODY)) {
                int b = boundary();
                if (b >= 0 && b / 2 < self) {
                    term = b;
                    return parts;
                }
            }
            term = EOF;
            return parts;
        }
    }
}
