package dev.librarian.mirror;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.librarian.store.SqlKvStore;
import dev.librarian.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow export is followed by a pause nine times its length before the timer's next one: a large library's mirror
 * takes about a tenth of the time at most, not every interval.
 */
class MirrorPaceTest {

    @Test
    void after_an_export_the_next_waits_nine_times_as_long_as_it_took(@TempDir Path dir) throws Exception {
        try (TestDatabase database = TestDatabase.in(dir)) {
            SqlKvStore status = database.kv("doc_status");
            SlowFile file = new SlowFile(status.fileName(), 150);
            LightRagMirror mirror = new LightRagMirror(database.db(), dir, List.of(file), Set.of(), true, 0, 0);

            status.upsert("doc-1", JsonNodeFactory.instance.objectNode().put("status", "processed"));
            mirror.exportIfDue();
            assertEquals(1, file.writes.size(), "the first change is written at once (no interval set)");
            long firstTook = file.writes.get(0)[1] - file.writes.get(0)[0];

            status.upsert("doc-2", JsonNodeFactory.instance.objectNode().put("status", "processed"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (file.writes.size() < 2 && System.nanoTime() < deadline) {
                mirror.exportIfDue();
                Thread.sleep(10);
            }
            assertEquals(2, file.writes.size(), "the second change is written once the pause is over");
            long pause = file.writes.get(1)[0] - file.writes.get(0)[1];
            assertTrue(pause >= LightRagMirror.PAUSE_PER_EXPORT_TIME * firstTook,
                    "paused " + pause / 1_000_000 + " ms after an export of " + firstTook / 1_000_000 + " ms");
        }
    }

    /** A mirror file that takes its time, recording when each write started and ended. */
    private static final class SlowFile implements MirrorFile {
        private final String name;
        private final long millis;
        private final List<long[]> writes = new ArrayList<>();

        SlowFile(String name, long millis) {
            this.name = name;
            this.millis = millis;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void write(Connection snapshot, Path file) throws IOException {
            long start = System.nanoTime();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Files.writeString(file, "write " + (writes.size() + 1));
            writes.add(new long[] {start, System.nanoTime()});
        }
    }
}
