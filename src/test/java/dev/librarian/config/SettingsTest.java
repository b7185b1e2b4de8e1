package dev.librarian.config;

import dev.librarian.ollama.OllamaWatchSettings;
import dev.librarian.progress.ProgressSettings;
import dev.librarian.query.QuerySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every setting is read in one place: defaults, overrides by name, and a bad value refused with its name. */
class SettingsTest {

    @Test
    void theHttpServersSettingsHaveLightRagsDefaults() {
        Settings settings = Settings.from(key -> null);
        assertEquals(100, settings.httpWorkerThreads());
        assertEquals(104_857_600L, settings.maxUploadSize());
        assertEquals(60, settings.bodyIdleTimeoutSeconds());
        assertEquals(Optional.empty(), settings.apiKey());
        assertEquals(1000, settings.maxGraphNodes());
    }

    @Test
    void environmentValuesOverrideThemAndABlankKeyMeansNone() {
        Map<String, String> env = Map.of("MAX_UPLOAD_SIZE", "5000000000", "BODY_IDLE_TIMEOUT", "5",
                "LIGHTRAG_API_KEY", "  ", "MAX_GRAPH_NODES", "20", "HTTP_WORKER_THREADS", "8");
        Settings settings = Settings.from(env::get);
        assertEquals(5_000_000_000L, settings.maxUploadSize(), "more than 2 GB fits");
        assertEquals(5, settings.bodyIdleTimeoutSeconds());
        assertEquals(Optional.empty(), settings.apiKey());
        assertEquals(20, settings.maxGraphNodes());
        assertEquals(8, settings.httpWorkerThreads());
        assertEquals(Optional.of("s3cret"), Settings.from(Map.of("LIGHTRAG_API_KEY", " s3cret ")::get).apiKey());
    }

    @Test
    void aBadValueIsRefusedWithItsName() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("MAX_GRAPH_NODES", "0")::get));
        assertEquals("MAX_GRAPH_NODES must be at least 1 but is 0", zero.getMessage());
        IllegalArgumentException words = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("MAX_UPLOAD_SIZE", "100 MB")::get));
        assertTrue(words.getMessage().startsWith("MAX_UPLOAD_SIZE must be a whole number"), words.getMessage());
    }

    @Test
    void questionsOllamasWatchProgressAndTheInboxAreReadInTheSamePlaceWithLightRagsNames() {
        Settings defaults = Settings.from(key -> null);
        assertEquals(new QuerySettings(40, 20, 6000, 8000, 30000, 0.2, 5, QuerySettings.ChunkPickMethod.VECTOR,
                "English", true, "librarian", "latest"), defaults.query(), "LightRAG's defaults");
        assertEquals(InputMode.DROP, defaults.inputMode());
        assertEquals(new OllamaWatchSettings(5, Duration.ofMillis(5000), Duration.ofMillis(3000)),
                defaults.ollamaWatch());
        assertEquals(new ProgressSettings(60_000, 3000, 5000, 16), defaults.progress());
        assertEquals(new RouteSettings(1000, 8, 1000, 15_000, 1000, 5000), defaults.routes());

        Settings set = Settings.from(Map.of("TOP_K", "60", "CHUNK_TOP_K", "8", "COSINE_THRESHOLD", "0.35",
                "KG_CHUNK_PICK_METHOD", "weight", "ENABLE_LLM_CACHE", "false", "SUMMARY_LANGUAGE", "Russian",
                "INPUT_MODE", "sync", "OLLAMA_PROBE_INTERVAL_MS", "250", "SSE_MAX_CLIENTS", "2")::get);
        assertEquals(60, set.query().topK());
        assertEquals(8, set.query().chunkTopK());
        assertEquals(0.35, set.query().cosineThreshold());
        assertEquals(QuerySettings.ChunkPickMethod.WEIGHT, set.query().chunkPickMethod());
        assertFalse(set.query().llmCacheEnabled());
        assertEquals("Russian", set.query().language());
        assertEquals("Russian", set.summaryLanguage());
        assertEquals(InputMode.SYNC, set.inputMode());
        assertEquals(Duration.ofMillis(250), set.ollamaWatch().probeInterval());
        assertEquals(2, set.progress().sseMaxClients());
    }

    @Test
    void badValuesOfTheseAreRefusedWithTheirNamesToo() {
        assertEquals("INPUT_MODE must be 'drop' or 'sync' but is 'SYNC'", refused("INPUT_MODE", "SYNC"));
        assertEquals("KG_CHUNK_PICK_METHOD must be one of [vector, weight] but is 'best'",
                refused("KG_CHUNK_PICK_METHOD", "best"));
        assertEquals("COSINE_THRESHOLD must be a number from 0 to 1 but is '2'", refused("COSINE_THRESHOLD", "2"));
        assertEquals("TOP_K must be at least 1 but is 0", refused("TOP_K", "0"));
        assertEquals("OLLAMA_PROBE_INTERVAL_MS must be at least 10 but is 5", refused("OLLAMA_PROBE_INTERVAL_MS", "5"));
        assertEquals("SSE_MAX_CLIENTS must be a whole number but is 'many'", refused("SSE_MAX_CLIENTS", "many"));
        assertEquals("SYNC_POLL_MS must be a whole number but is '1s'", refused("SYNC_POLL_MS", "1s"));
    }

    private static String refused(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(key, value)::get)).getMessage();
    }
}
