package dev.librarian.progress;

import dev.librarian.api.DocumentsApi;
import dev.librarian.config.Settings;
import dev.librarian.events.DocumentEvents;
import dev.librarian.events.EventStreamEndpoint;
import dev.librarian.events.EventStreamMount;
import dev.librarian.events.StatusChange;
import dev.librarian.llm.LlmCallQueue;
import dev.librarian.ollama.OllamaReport;
import dev.librarian.pipeline.ChunkStage;
import dev.librarian.pipeline.DocumentQueue;
import dev.librarian.pipeline.MergeQueue;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds document progress, the pipeline status view and the event stream; needs the Ollama report bound first. */
public final class ProgressBeans {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBeans.class);

    private ProgressBeans() {
    }

    /**
     * Progress of every document (status record fields, pipeline status, log lines) and the event stream
     * {@code GET /documents/events} that pushes it.
     */
    public static void bind(CamelContext camel, Settings settings, DocStatusRepository status,
                            DocumentsApi documentsApi, CachedExtractions cached, ChunkStage chunkStage,
                            DocumentQueue documentQueue, MergeQueue mergeQueue, LlmCallQueue llmCallQueue)
            throws Exception {
        PipelineMessages messages = new PipelineMessages(100);
        ProgressTracker tracker = new ProgressTracker(status, cached, chunkStage::chunksOf, messages, System::nanoTime,
                settings.progress().paceWindowMs(), settings.progress().saveIntervalMs(),
                settings.progress().logIntervalMs());
        // after the routes have stopped (a bean that is a Camel service would stop with the first route using it)
        camel.addService(new OnStop(tracker::saveAll));
        OllamaReport ollamaReport = camel.getRegistry().lookupByNameAndType("ollamaReport", OllamaReport.class);
        PipelineStatusView pipelineStatus = new PipelineStatusView(documentsApi, tracker, messages,
                new PipelineActivity(camel, documentQueue, mergeQueue, llmCallQueue), settings.maxAsyncLlm(),
                ollamaReport::addToPipelineStatus);
        DocumentEvents events = new DocumentEvents(status, pipelineStatus::status,
                settings.progress().sseMaxClients());
        camel.addService(new OnStop(events::closeAll));
        camel.getRegistry().bind("progress", tracker);
        camel.getRegistry().bind("pipelineStatus", pipelineStatus);
        camel.getRegistry().bind("documentEvents", events);

        // events are dropped rather than ever holding up a status change (a client reconnecting gets a snapshot)
        ProducerTemplate template = camel.createProducerTemplate();
        String queue = "seda:document-events?discardWhenFull=true";
        status.addListener((docId, rec) -> {
            if (events.hasClients()) {
                try {
                    template.sendBody(queue, new StatusChange(docId, rec));
                } catch (RuntimeException e) {
                    LOG.warn("Could not queue the change of {} for the event stream: {}", docId, e.getMessage());
                }
            }
        });
        camel.addStartupListener(new EventStreamMount(new EventStreamEndpoint(events,
                client -> template.sendBody(queue, client))));
    }
}
