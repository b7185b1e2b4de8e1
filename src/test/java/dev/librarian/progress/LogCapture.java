package dev.librarian.progress;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/** Collects what one logger writes through log4j, with the time of each line, while it is open. */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** A logged line and when it was logged (epoch milliseconds). */
    record Line(long millis, String message) {
    }

    private final String loggerName;
    private final List<Line> lines = new ArrayList<>();

    private LogCapture(String loggerName) {
        super("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
        this.loggerName = loggerName;
    }

    static LogCapture of(Class<?> logger) {
        LogCapture capture = new LogCapture(logger.getName());
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LoggerConfig own = new LoggerConfig(logger.getName(), null, true);
        own.addAppender(capture, null, null);
        config.addLogger(logger.getName(), own);
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public synchronized void append(LogEvent event) {
        lines.add(new Line(event.getTimeMillis(), event.getMessage().getFormattedMessage()));
    }

    synchronized List<Line> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().removeLogger(loggerName);
        ctx.updateLoggers();
        stop();
    }
}
