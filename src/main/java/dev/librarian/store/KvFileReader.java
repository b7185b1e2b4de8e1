package dev.librarian.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a LightRAG JsonKVStorage file ({@code kv_store_<namespace>.json}) record by record, so only one record is
 * in memory at a time and a string may be as long as a whole book. Accepts what the tests' {@code JsonKvStore}
 * accepts: UTF-8
 * with an optional BOM, {@code NaN}/{@code Infinity}; a missing or blank file holds no records; a value that is not
 * a JSON object is skipped with a warning. A key that occurs twice is handed over twice.
 */
public final class KvFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(KvFileReader.class);

    private KvFileReader() {
    }

    /** Hands every record of {@code file} to {@code consumer} in file order; returns how many it handed over. */
    public static long read(Path file, KvRecordConsumer consumer) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (JsonParser parser = LightRagJson.openParser(file)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                LOG.warn("{} is empty; it holds no records", file);
                return 0;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a LightRAG KV store: the top level is not a JSON object");
            }
            long count = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    consumer.accept(key, parser.readValueAsTree());
                    count++;
                } else {
                    LOG.warn("{}: skipping key '{}' whose value is not a JSON object", file, key);
                    parser.skipChildren();
                }
            }
            return count;
        }
    }
}
