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

    public LlmCallPause(OllamaAvailability availability) {
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

    @Override
    public void paused() {
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

    @Override
    public void resumed() {
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
