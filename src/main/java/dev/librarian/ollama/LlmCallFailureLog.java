package dev.librarian.ollama;

import dev.librarian.llm.AnswerCancelledException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaConsumer;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the llm-calls queue's consumers log about a call that failed: a streamed answer whose client left is an
 * expected end, one INFO line; anything else is logged as Camel would (a WARN with its stack trace).
 */
public final class LlmCallFailureLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LlmCallFailureLog.class);

    private final ExceptionHandler others;

    public LlmCallFailureLog(CamelContext camel) {
        this.others = new LoggingExceptionHandler(camel, SedaConsumer.class);
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        AnswerCancelledException cancelled = ObjectHelper.getException(AnswerCancelledException.class, exception);
        if (cancelled != null) {
            LOG.info("LLM call ended: {}", cancelled.getMessage());
        } else {
            others.handleException(message, exchange, exception);
        }
    }
}
