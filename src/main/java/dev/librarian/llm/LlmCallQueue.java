package dev.librarian.llm;

import org.apache.camel.Exchange;

import java.util.Comparator;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The waiting line in front of Ollama (the {@code llm-calls} SEDA queue): calls leave it by
 * {@link ChatRequest#priority()} and, within a priority, in arrival order. First extraction passes go before
 * gleaning passes, so the calls left at the end of a book have nothing waiting on them and keep every slot busy.
 */
public final class LlmCallQueue extends PriorityBlockingQueue<Exchange> {

    private static final String SEQUENCE = "LibrarianLlmSequence";
    private static final AtomicLong ARRIVALS = new AtomicLong();

    public LlmCallQueue() {
        super(64, Comparator.comparingInt(LlmCallQueue::priority).thenComparingLong(LlmCallQueue::sequence));
    }

    @Override
    public boolean offer(Exchange exchange) {
        exchange.setProperty(SEQUENCE, ARRIVALS.incrementAndGet());
        return super.offer(exchange);
    }

    private static int priority(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof ChatRequest request ? request.priority() : Integer.MAX_VALUE;
    }

    private static long sequence(Exchange exchange) {
        Long seq = exchange.getProperty(SEQUENCE, Long.class);
        return seq == null ? Long.MAX_VALUE : seq;
    }
}
