package dev.librarian.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.status.DocStatusRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The clients of {@code GET /documents/events} and what they are sent. Everything a client receives passes through
 * {@link #deliver} (the {@code document-events} route, one consumer), so a new client gets its snapshot and then
 * every later change, in order: a new client joins the queue like a change does.
 */
public final class DocumentEvents {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DocStatusRepository status;
    private final Supplier<Map<String, Object>> pipelineStatus;
    private final int maxClients;
    private final Set<EventClient> clients = ConcurrentHashMap.newKeySet();
    private final Set<EventClient> joining = ConcurrentHashMap.newKeySet();
    private volatile String lastPipeline = "";

    public DocumentEvents(DocStatusRepository status, Supplier<Map<String, Object>> pipelineStatus, int maxClients) {
        this.status = status;
        this.pipelineStatus = pipelineStatus;
        this.maxClients = maxClients;
    }

    /** Whether one more client may connect ({@code SSE_MAX_CLIENTS}). */
    public boolean hasRoom() {
        return clients.size() + joining.size() < maxClients;
    }

    /** Whether anyone listens: changes are not queued for nobody. */
    public boolean hasClients() {
        return !clients.isEmpty() || !joining.isEmpty();
    }

    /** A client connected; it is sent its snapshot when its turn in the queue comes. */
    public void joining(EventClient client) {
        joining.add(client);
    }

    /** The client went away (or could not keep up). */
    public void leave(EventClient client) {
        joining.remove(client);
        if (clients.remove(client)) {
            LOG.debug("Event client left; {} connected", clients.size());
        }
    }

    /** A {@link StatusChange}, a joining {@link EventClient} or a pipeline status map, in the order they came. */
    public void deliver(Object message) {
        if (message instanceof StatusChange change) {
            broadcast(documentEvent(change));
        } else if (message instanceof EventClient client) {
            welcome(client);
        } else if (message instanceof Map<?, ?> pipeline) {
            broadcast(pipelineEvent(json(pipeline)));
        }
    }

    /** True when the pipeline status differs from the one last sent (the progress timer sends it only then). */
    public boolean pipelineChanged(Map<String, Object> pipeline) {
        String now = json(pipeline);
        if (now.equals(lastPipeline)) {
            return false;
        }
        lastPipeline = now;
        return true;
    }

    /** A comment line: keeps proxies and clients from timing the stream out. */
    public void keepAlive() {
        broadcast(": keep-alive\n\n");
    }

    private void welcome(EventClient client) {
        if (!joining.remove(client)) {
            return;
        }
        StringBuilder snapshot = new StringBuilder();
        status.all().forEach((id, rec) -> snapshot.append(documentEvent(new StatusChange(id, rec))));
        snapshot.append(pipelineEvent(json(pipelineStatus.get())));
        if (client.send(snapshot.toString())) {
            clients.add(client);
            LOG.debug("Event client joined; {} connected", clients.size());
        } else {
            client.close();
        }
    }

    private void broadcast(String text) {
        for (EventClient client : clients) {
            if (!client.send(text)) {
                leave(client);
                client.close();
            }
        }
    }

    private static String documentEvent(StatusChange change) {
        return "event: document\ndata: " + DocumentEventJson.of(change.docId(), change.record()) + "\n\n";
    }

    private static String pipelineEvent(String json) {
        return "event: pipeline\ndata: " + json + "\n\n";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("pipeline status is not JSON: " + e.getMessage(), e);
        }
    }

    /** Ends every open stream (at shutdown). */
    public void closeAll() {
        for (EventClient client : clients) {
            client.close();
        }
        clients.clear();
        joining.clear();
    }
}
