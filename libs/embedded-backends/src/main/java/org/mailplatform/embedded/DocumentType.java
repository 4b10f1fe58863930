package org.mailplatform.embedded;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2's {@link ObjectDataType} for the maps holding mongo-java-server's documents, storing each
 * document as BSON instead of Java serialisation.
 *
 * <p>A document is neither a type H2 knows nor one it can write field by field, so H2 Java-serialises
 * it, with its class descriptors, whenever a page is written (every commit) and deserialises it
 * whenever a page is read back: about a fifth of a delivery benchmark's samples. BSON is what the
 * server itself writes a document to a client with and reads it from one, so whatever the server
 * stores, it can encode and decode. A document written here is a tag no type of H2's uses followed
 * by the BSON; anything else (keys, and a document the encoder refuses) is H2's, so a data file
 * written before reads as it did. A file written by this type can no longer be opened by the plain
 * H2 backend (a downgrade of the data directory fails at the first page holding a document).
 *
 * <p>What the round trip changes, as it does for a document sent to a client: an {@code Instant} keeps
 * milliseconds (as BSON dates do), any {@code Collection} comes back a list and any {@code Map} a
 * document. Values arriving over the wire are of those types already; the server's own
 * {@code $currentDate} would lose its sub-millisecond part on a page read back. A value the encoder
 * does not know ({@code byte[]}, {@code Missing}) makes the document Java-serialised as before.
 */
final class DocumentType extends ObjectDataType {

    /** Free in {@link ObjectDataType}: its tags are 0-14, 19, 32-49 and 64-119. */
    static final byte BSON = 120;

    /** Average encoded size, for H2's estimate of a page's memory (as its serialised type keeps one). */
    private volatile int averageSize = 1024;

    @Override
    public int getMemory(Object obj) {
        // a document on the heap takes two to four times its BSON (map entries, boxed values, string
        // headers); H2 sizes its page cache by these estimates
        return obj instanceof Document ? 3 * averageSize + 64 : super.getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof Document document) {
            ByteBuf bson = encode(document);
            if (bson != null) {
                try {
                    int length = bson.readableBytes();
                    buff.put(BSON).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
                    averageSize = (length + 15 * averageSize) / 16;
                    return;
                } finally {
                    bson.release();
                }
            }
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        int start = buff.position();
        if (buff.get(start) != BSON) {
            return super.read(buff);
        }
        int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start + 1); // BSON starts with its length
        ByteBuf bson = Unpooled.wrappedBuffer(buff.slice(start + 1, length));
        Document document = BsonDecoder.decodeBson(bson);
        buff.position(start + 1 + length);
        return document;
    }

    /** The document's BSON in a heap buffer, or null if the encoder refuses one of its values. */
    private ByteBuf encode(Document document) {
        ByteBuf out = Unpooled.buffer(averageSize + averageSize / 2);
        try {
            BsonEncoder.encodeDocument(document, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            return null; // Java serialisation, as before
        }
    }
}
