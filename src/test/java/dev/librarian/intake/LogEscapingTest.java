package dev.librarian.intake;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file name cannot write log lines of its own, nor control characters into the log. */
class LogEscapingTest {

    @Test
    void should_escape_control_characters_in_logged_names() {
        assertEquals("a\\nINFO forged\\r\\t\\u0000\\u001b[31m\\\\x.txt",
                LoggedName.of("a\nINFO forged\r\t\0\u001b[31m\\x.txt"));
        assertEquals("Анна Каренина.txt", LoggedName.of("Анна Каренина.txt"));
    }

    @Test
    void should_write_a_message_with_line_breaks_as_one_line() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Appender console = context.getConfiguration().getAppender("out");
        byte[] written = console.getLayout().toByteArray(Log4jLogEvent.newBuilder().setLoggerName("test")
                .setLevel(Level.INFO).setMessage(new SimpleMessage("Queued x\n12:00:00.000 INFO forged line"))
                .build());
        String line = new String(written, StandardCharsets.UTF_8);
        assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
        assertTrue(line.contains("Queued x\\n12:00:00.000 INFO forged line"), line);
    }
}
