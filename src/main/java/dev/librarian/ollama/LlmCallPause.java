package dev.librarian.ollama;

import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Route policy of the {@code llm-call} queue: while Ollama is down its consumers are suspended, so queued calls
 * stay queued (in their order) instead of being tried and failed one after the other; they resume with Ollama.
 */
public final class LlmCallPause extends RoutePolicySupport implements OllamaAvailability.Listener {

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final OllamaAvailability availability;

    public LlmCallPause(OllamaAvailability availability) {
        this.availability = availability;
        availability.addListener(this);
    }

    @Override
    public void onInit(Route route) {
        routes.add(route);
    }

    @Override
    public void onRemove(Route route) {
        routes.remove(route);
    }

    // The breaker's news can arrive out of order (an opening failure and a closing probe on two threads), so both
    // bring the consumers to the breaker's state at this moment rather than to what the callback says.
    @Override
    public void paused() {
        follow();
    }

    @Override
    public void resumed() {
        follow();
    }

    private synchronized void follow() {
        if (availability.waiting()) {
            suspendConsumers();
        } else {
            resumeConsumers();
        }
    }

    private void suspendConsumers() {
        for (Route route : routes) {
            Consumer consumer = route.getConsumer();
            if (ServiceHelper.isStarted(consumer)) {
                try {
                    suspendOrStopConsumer(consumer);
                } catch (Exception e) {
                    handleException(e);
                }
            }
        }
    }

    private void resumeConsumers() {
        for (Route route : routes) {
            Consumer consumer = route.getConsumer();
            if (ServiceHelper.isSuspended(consumer)) {
                try {
                    resumeOrStartConsumer(consumer);
                } catch (Exception e) {
                    handleException(e);
                }
            }
        }
    }
}
