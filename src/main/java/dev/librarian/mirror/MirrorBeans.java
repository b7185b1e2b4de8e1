package dev.librarian.mirror;

import dev.librarian.config.Settings;
import dev.librarian.library.LibraryStores;
import org.apache.camel.CamelContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The LightRAG mirror ({@code routes/mirror.camel.yaml}): every file of the working directory, from the store. */
public final class MirrorBeans {

    /** How long the store must be quiet before the mirror writes: a document's changes come in several commits. */
    private static final long QUIET_MILLIS = 1000;

    private MirrorBeans() {
    }

    public static LightRagMirror bind(CamelContext camel, Settings settings, LibraryStores stores)
            throws Exception {
        List<MirrorFile> files = new ArrayList<>();
        stores.kvNamespaces().forEach(kv -> files.add(new KvMirrorFile(kv, stores.database())));
        stores.vectorNamespaces().forEach(v -> files.add(new VdbMirrorFile(v)));
        files.add(new GraphMirrorFile());
        LightRagMirror mirror = new LightRagMirror(stores.database(), settings.workingDir(), files,
                Set.of(stores.llmCache().fileName()), settings.lightRagMirror(), settings.lightRagMirrorIntervalSeconds() * 1000L, QUIET_MILLIS);
        camel.getRegistry().bind("lightRagMirror", mirror);
        camel.getRegistry().bind("lightRagMirrorTurn", new MirrorTurn(mirror));
        camel.addService(mirror);
        return mirror;
    }
}
