package dev.librarian.config;

import dev.librarian.formats.ArchiveLimits;
import dev.librarian.ollama.OllamaWatchSettings;
import dev.librarian.progress.ProgressSettings;
import dev.librarian.query.QuerySettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every tunable of Librarian, resolved once from Camel's properties (application.properties, overridden by
 * environment variables of the same name — LightRAG's names where the meaning is the same), in one place: the
 * groups a part of the service takes whole (questions, Ollama's watch, progress, what only the routes use) are
 * records of their own here.
 */
public record Settings(
        Path workingDir,
        String databaseUrl,
        boolean lightRagMirror,
        int lightRagMirrorIntervalSeconds,
        Path inputDir,
        String llmHost,
        String llmModel,
        int llmTimeoutSeconds,
        int maxAsyncLlm,
        int llmMaxRetries,
        int maxParallelInsert,
        String embeddingHost,
        String embeddingModel,
        int embeddingDim,
        int embeddingBatchNum,
        int embeddingMaxAsync,
        int chunkSize,
        int chunkOverlap,
        int maxGleaning,
        String summaryLanguage,
        Optional<Integer> ollamaNumCtx,
        int forceLlmSummaryOnMerge,
        int summaryMaxTokens,
        int summaryContextSize,
        int summaryLengthRecommended,
        int maxSourceIds,
        int maxFilePaths,
        String host,
        int port,
        int httpWorkerThreads,
        long maxUploadSize,
        int bodyIdleTimeoutSeconds,
        Optional<String> apiKey,
        int maxGraphNodes,
        List<String> corsOrigins,
        List<String> allowedHosts,
        int inboxStableMs,
        double syncMaxDeleteFraction,
        ArchiveLimits archiveLimits,
        InputMode inputMode,
        ProgressSettings progress,
        OllamaWatchSettings ollamaWatch,
        QuerySettings query,
        RouteSettings routes) {

    /** Reads every setting through {@code lookup}, which returns null for an unset key. */
    public static Settings from(Function<String, String> lookup) {
        Reader r = new Reader(lookup);
        String llmHost = r.string("LLM_BINDING_HOST", "http://localhost:11434");
        String summaryLanguage = r.string("SUMMARY_LANGUAGE", "English");
        return new Settings(
                Path.of(r.string("WORKING_DIR", "cache")).toAbsolutePath(),
                r.string("DATABASE_URL", ""),
                r.bool("LIGHTRAG_MIRROR", true),
                r.integer("LIGHTRAG_MIRROR_INTERVAL", 30, 0),
                Path.of(r.string("INPUT_DIR", "inbox")).toAbsolutePath(),
                trimSlash(llmHost),
                r.string("LLM_MODEL", "qwen2.5:7b"),
                r.integer("LLM_TIMEOUT", 240, 0),
                r.integer("MAX_ASYNC_LLM", 4, 1),
                r.integer("LLM_MAX_RETRIES", 4, 0),
                r.integer("MAX_PARALLEL_INSERT", 3, 1),
                trimSlash(r.string("EMBEDDING_BINDING_HOST", llmHost)),
                r.string("EMBEDDING_MODEL", "bge-m3:latest"),
                r.integer("EMBEDDING_DIM", 1024, 1),
                r.integer("EMBEDDING_BATCH_NUM", 32, 1),
                r.integer("EMBEDDING_FUNC_MAX_ASYNC", 8, 1),
                r.integer("CHUNK_SIZE", 1200, 2),
                r.integer("CHUNK_OVERLAP_SIZE", 100, 0),
                r.integer("MAX_GLEANING", 1, 0),
                summaryLanguage,
                Optional.ofNullable(r.optionalInteger("OLLAMA_LLM_NUM_CTX")),
                r.integer("FORCE_LLM_SUMMARY_ON_MERGE", 8, 2),
                r.integer("SUMMARY_MAX_TOKENS", 1200, 1),
                r.integer("SUMMARY_CONTEXT_SIZE", 12000, 100),
                r.integer("SUMMARY_LENGTH_RECOMMENDED", 600, 10),
                r.integer("MAX_SOURCE_IDS_PER_ENTITY", 200, 1),
                r.integer("MAX_FILE_PATHS", 75, 1),
                r.string("HOST", "127.0.0.1"),
                r.integer("PORT", 9621, 0),
                r.integer("HTTP_WORKER_THREADS", 100, 1),
                r.longInteger("MAX_UPLOAD_SIZE", 104_857_600L, 1),
                r.integer("BODY_IDLE_TIMEOUT", 60, 1),
                Optional.ofNullable(r.string("LIGHTRAG_API_KEY", null)),
                r.integer("MAX_GRAPH_NODES", 1000, 1),
                r.list("CORS_ORIGINS"),
                r.list("ALLOWED_HOSTS"),
                r.integer("INBOX_STABLE_MS", 3000, 0),
                r.fraction("SYNC_MAX_DELETE_FRACTION", 0.5),
                new ArchiveLimits(r.integer("BOOK_MAX_ARCHIVE_ENTRIES", 10_000, 1),
                        r.integer("BOOK_MAX_UNPACKED_MB", 512, 1) * (1L << 20),
                        r.integer("BOOK_MAX_COMPRESSION_RATIO", 100, 1)),
                inputMode(r.string("INPUT_MODE", "drop")),
                new ProgressSettings(r.integer("PROGRESS_PACE_WINDOW_MS", 60_000, 1),
                        r.integer("PROGRESS_SAVE_INTERVAL_MS", 3000, 0), r.integer("PROGRESS_LOG_INTERVAL_MS", 5000, 0),
                        r.integer("SSE_MAX_CLIENTS", 16, 1)),
                new OllamaWatchSettings(r.integer("OLLAMA_BREAKER_THRESHOLD", 5, 0),
                        Duration.ofMillis(r.integer("OLLAMA_PROBE_INTERVAL_MS", 5000, 10)),
                        Duration.ofMillis(r.integer("OLLAMA_PROBE_TIMEOUT_MS", 3000, 10))),
                query(r, summaryLanguage),
                new RouteSettings(r.integer("LLM_RETRY_DELAY_MS", 1000, 0), r.integer("MAX_STREAMED_ANSWERS", 8, 1),
                        r.integer("PROGRESS_INTERVAL_MS", 1000, 1), r.integer("SSE_KEEP_ALIVE_MS", 15_000, 1),
                        r.integer("SYNC_POLL_MS", 1000, 1), r.integer("SYNC_DELETE_SCAN_MS", 5000, 1)));
    }

    /** Exactly as written: application.properties picks the routes to leave out by this value. */
    private static InputMode inputMode(String value) {
        return switch (value) {
            case "drop" -> InputMode.DROP;
            case "sync" -> InputMode.SYNC;
            default -> throw new IllegalArgumentException("INPUT_MODE must be 'drop' or 'sync' but is '" + value + "'");
        };
    }

    /** The defaults of a question's parameters and of retrieval, with LightRAG's names and defaults. */
    private static QuerySettings query(Reader r, String language) {
        QuerySettings d = QuerySettings.defaults();
        return new QuerySettings(
                r.integer("TOP_K", d.topK(), 1),
                r.integer("CHUNK_TOP_K", d.chunkTopK(), 1),
                r.integer("MAX_ENTITY_TOKENS", d.maxEntityTokens(), 1),
                r.integer("MAX_RELATION_TOKENS", d.maxRelationTokens(), 1),
                r.integer("MAX_TOTAL_TOKENS", d.maxTotalTokens(), 1),
                r.fraction("COSINE_THRESHOLD", d.cosineThreshold()),
                r.integer("RELATED_CHUNK_NUMBER", d.relatedChunkNumber(), 1),
                r.choice("KG_CHUNK_PICK_METHOD", QuerySettings.ChunkPickMethod.class, d.chunkPickMethod()),
                language,
                r.bool("ENABLE_LLM_CACHE", d.llmCacheEnabled()),
                r.string("OLLAMA_EMULATING_MODEL_NAME", d.modelName()),
                r.string("OLLAMA_EMULATING_MODEL_TAG", d.modelTag()));
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Typed access with defaults and a clear message for bad values. */
    private record Reader(Function<String, String> lookup) {

        String string(String key, String fallback) {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        boolean bool(String key, boolean fallback) {
            String v = string(key, String.valueOf(fallback)).toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException(key + " must be true or false but is '" + v + "'");
            };
        }

        /** One of {@code type}'s constants, named in any case. */
        <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            String v = string(key, fallback.name());
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(v)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + " but is '" + v + "'");
        }

        /** A comma-separated list; blank entries are dropped. */
        List<String> list(String key) {
            return Arrays.stream(string(key, "").split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        }

        double fraction(String key, double fallback) {
            String v = string(key, String.valueOf(fallback));
            try {
                double value = Double.parseDouble(v);
                if (value >= 0 && value <= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(key + " must be a number from 0 to 1 but is '" + v + "'");
        }

        Integer optionalInteger(String key) {
            String v = lookup.apply(key);
            return v == null || v.isBlank() ? null : parse(key, v);
        }

        int integer(String key, int fallback, int min) {
            Integer v = optionalInteger(key);
            int value = v == null ? fallback : v;
            if (value < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + " but is " + value);
            }
            return value;
        }

        long longInteger(String key, long fallback, long min) {
            String v = lookup.apply(key);
            long value;
            try {
                value = v == null || v.isBlank() ? fallback : Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number but is '" + v + "'", e);
            }
            if (value < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + " but is " + value);
            }
            return value;
        }

        private static int parse(String key, String v) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number but is '" + v + "'", e);
            }
        }
    }
}
