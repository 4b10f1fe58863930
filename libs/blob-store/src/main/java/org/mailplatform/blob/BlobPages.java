package org.mailplatform.blob;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The keys under a prefix, one page at a time: holds only the current page and asks for the next
 * one (after its last key) when it is used up, until a page comes back empty. Stopping at an empty
 * page rather than at a short one costs one more listing per walk but does not rely on a store
 * always filling its pages.
 */
final class BlobPages implements Iterator<BlobStore.BlobInfo> {

    private final BlobStore store;
    private final String prefix;
    private final int pageSize;
    private List<BlobStore.BlobInfo> page = List.of();
    private int next;
    private String lastKey;
    private boolean ended;

    private BlobPages(BlobStore store, String prefix, int pageSize) {
        this.store = store;
        this.prefix = prefix;
        this.pageSize = pageSize;
    }

    static Stream<BlobStore.BlobInfo> stream(BlobStore store, String prefix, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        Iterator<BlobStore.BlobInfo> pages = new BlobPages(store, prefix, pageSize);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        if (next < page.size()) {
            return true;
        }
        if (ended) {
            return false;
        }
        page = store.listPage(prefix, lastKey, pageSize);
        next = 0;
        if (page.isEmpty()) {
            ended = true;
            return false;
        }
        lastKey = page.getLast().key().value();
        return true;
    }

    @Override
    public BlobStore.BlobInfo next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(next++);
    }
}
