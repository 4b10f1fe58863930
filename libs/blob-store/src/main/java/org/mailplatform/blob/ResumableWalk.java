package org.mailplatform.blob;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A listing of whole prefixes that is spread over runs: each run lists at most a budget of pages
 * and records, after every page its caller has handled, the last key of that page; the next run,
 * on this instance or another, goes on after that key. A bucket of billions of keys is then walked
 * a bounded number of LIST requests at a time, and a restart or an S3 failure costs at most the
 * page that was being handled, never the walk so far.
 */
public final class ResumableWalk {

    /**
     * Where a walk got to, kept by the caller where every instance sees it (the collectors keep it
     * in MongoDB beside their checkpoints).
     */
    public interface Position {

        /** The last key of the last page handled, if a walk is under way. */
        Optional<String> last();

        /** Records that every key up to {@code key} has been handled. */
        void handled(String key);
    }

    /**
     * What one run came to.
     *
     * @param pages    pages of keys listed
     * @param finished whether the walk reached the end of its last prefix (the caller then forgets
     *                 the position); false when it stopped at the budget
     */
    public record Run(int pages, boolean finished) {
    }

    private final BlobStore store;
    private final int pageSize;
    private final int pagesPerRun;

    /**
     * @param pageSize    keys per listing request
     * @param pagesPerRun the most pages of keys one run lists; zero: no limit, a run walks to the end
     */
    public ResumableWalk(BlobStore store, int pageSize, int pagesPerRun) {
        if (pageSize < 1 || pagesPerRun < 0) {
            throw new IllegalArgumentException("page size must be positive and pages per run not negative: "
                    + pageSize + ", " + pagesPerRun);
        }
        this.store = store;
        this.pageSize = pageSize;
        this.pagesPerRun = pagesPerRun;
    }

    /**
     * Lists the keys under {@code prefixes} from where {@code position} says the walk got to (from
     * the first key when it says nothing), handing each page to {@code pages} and then recording its
     * last key. A page {@code pages} fails on is not recorded: the exception propagates and the next
     * run lists that page again.
     *
     * <p>The prefixes are walked in key order, whatever order they come in, so that one key is a
     * position in the whole walk: a prefix wholly before it was done by an earlier run. (The order
     * of names is not that of their prefixes: {@code a-b/} sorts before {@code a/}.) The prefixes
     * must not contain one another. A prefix added before the position since the walk began is left
     * to the next walk.
     *
     * <p>Only pages that hold keys count against the budget: the empty listing that ends a prefix
     * must be free, or a budget of one page would list the same empty end run after run.
     */
    public Run run(Collection<String> prefixes, Position position, Consumer<List<BlobStore.BlobInfo>> pages) {
        String from = position.last().orElse(null);
        int listed = 0;
        for (String prefix : prefixes.stream().sorted().distinct().toList()) {
            String after = from != null && from.startsWith(prefix) ? from : null;
            if (from != null && after == null && prefix.compareTo(from) < 0) {
                continue; // every key of it sorts before the position
            }
            while (true) {
                if (pagesPerRun > 0 && listed >= pagesPerRun) {
                    return new Run(listed, false);
                }
                List<BlobStore.BlobInfo> page = store.listPage(prefix, after, pageSize);
                if (page.isEmpty()) {
                    break;
                }
                listed++;
                pages.accept(page);
                after = page.getLast().key().value();
                position.handled(after);
            }
        }
        return new Run(listed, true);
    }
}
