package dev.librarian.config;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
