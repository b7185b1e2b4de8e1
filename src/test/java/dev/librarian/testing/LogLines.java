package dev.librarian.testing;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The messages one class logs while a test runs (log4j2), for asserting what a user reads in the log. */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogLines(Logger logger) {
        super("test-log-lines-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
    }

    /** Starts collecting what {@code source}'s logger writes. */
    public static LogLines of(Class<?> source) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LogLines lines = new LogLines(context.getLogger(source.getName()));
        lines.start();
        lines.logger.addAppender(lines);
        return lines;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    /** The lines so far, each "LEVEL message". */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long count(String contained) {
        return lines.stream().filter(l -> l.contains(contained)).count();
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
