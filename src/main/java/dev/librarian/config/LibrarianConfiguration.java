package dev.librarian.config;

import dev.librarian.api.DocumentsApi;
import dev.librarian.api.InsertRequests;
import dev.librarian.api.InsertResponses;
import dev.librarian.chunk.TokenChunker;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.documents.DocumentIntake;
import dev.librarian.extract.ExtractionPrompts;
import dev.librarian.extract.SummaryPrompt;
import dev.librarian.library.LibraryStores;
import dev.librarian.llm.LlmCallQueue;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.llm.OllamaProtocol;
import dev.librarian.merge.Contributions;
import dev.librarian.merge.ContributionsLoader;
import dev.librarian.merge.DescriptionPolicy;
import dev.librarian.merge.GraphMerger;
import dev.librarian.ollama.OllamaWatchBeans;
import dev.librarian.pipeline.ChunkExtractor;
import dev.librarian.pipeline.ChunkStage;
import dev.librarian.pipeline.EmbeddingAnswers;
import dev.librarian.pipeline.EmbeddingPlanner;
import dev.librarian.pipeline.IndexWriter;
import dev.librarian.pipeline.PipelineFailures;
import dev.librarian.query.OllamaEmulation;
import dev.librarian.query.QueryCache;
import dev.librarian.query.QueryFlow;
import dev.librarian.query.QuerySettings;
import dev.librarian.query.Retriever;
import dev.librarian.status.ChunkOptions;
import dev.librarian.status.DocStatusRepository;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.builder.ThreadPoolProfileBuilder;

import java.time.Clock;

/**
 * Wires Librarian's beans from {@link Settings} into the Camel registry, where the YAML routes find them by name.
 * This is the only place that knows how the domain objects fit together.
 */
@Configuration
public class LibrarianConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = Settings.from(key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null));
        Clock clock = Clock.systemUTC();
        Registry registry = camel.getRegistry();

        LibraryStores stores = LibraryStores.open(settings.workingDir(), settings.embeddingDim());
        camel.addService(stores);
        DocStatusRepository status = new DocStatusRepository(stores.docStatus(), stores.fullDocs(), clock,
                new ChunkOptions(settings.chunkSize(), settings.chunkOverlap()));
        LlmResponseCache cache = new LlmResponseCache(stores.llmCache(), stores.llmCacheJournal(), settings.llmHost(),
                settings.llmModel());
        OllamaProtocol ollama = new OllamaProtocol(settings.llmModel(), settings.embeddingModel(), settings.ollamaNumCtx());
        Tokenizer tokenizer = Tokenizer.o200k();
        tokenizer.count("warm up: loads the o200k ranks now rather than with the first document");

        Contributions contributions = ContributionsLoader.load(stores.docStatus(), stores.textChunks(), cache::answerFor);
        DescriptionPolicy policy = new DescriptionPolicy(tokenizer, settings.forceLlmSummaryOnMerge(),
                settings.summaryMaxTokens(), settings.summaryContextSize());
        GraphMerger merger = new GraphMerger(contributions, policy,
                new SummaryPrompt(settings.summaryLanguage(), settings.summaryLengthRecommended()),
                settings.maxSourceIds(), settings.maxFilePaths(), clock);
        DocumentIntake intake = new DocumentIntake();

        registry.bind("settings", settings);
        registry.bind("stores", stores);
        registry.bind("docStatus", status);
        registry.bind("llmCache", cache);
        registry.bind("ollama", ollama);
        registry.bind("documentIntake", intake);
        registry.bind("insertRequests", new InsertRequests(intake));
        registry.bind("insertResponses", new InsertResponses());
        registry.bind("documentsApi", new DocumentsApi(status, settings));
        registry.bind("chunkStage", new ChunkStage(stores.fullDocs(), stores.textChunks(), status,
                new TokenChunker(settings.chunkSize(), settings.chunkOverlap())));
        registry.bind("chunkExtractor", new ChunkExtractor(new ExtractionPrompts(settings.summaryLanguage(),
                ExtractionPrompts.DEFAULT_TYPES, 100, 40)));
        registry.bind("graphMerger", merger);
        registry.bind("embeddingPlanner", new EmbeddingPlanner(stores, settings.embeddingBatchNum()));
        registry.bind("embeddingAnswers", new EmbeddingAnswers(ollama, settings.embeddingDim()));
        registry.bind("indexWriter", new IndexWriter(stores, merger, clock));
        registry.bind("failures", new PipelineFailures(status, settings.llmMaxRetries()));
        QuerySettings querySettings = QuerySettings.from(
                key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null));
        Retriever retriever = new Retriever(stores, querySettings);
        QueryCache queryCache = new QueryCache(stores.llmCache(), stores.llmCacheJournal(), settings.llmHost(),
                settings.llmModel(), querySettings.language(), querySettings.llmCacheEnabled());
        OllamaEmulation emulation = new OllamaEmulation(querySettings);
        registry.bind("retriever", retriever);
        registry.bind("queryFlow", new QueryFlow(querySettings, stores, retriever, queryCache, emulation, ollama,
                settings.embeddingDim()));
        registry.bind("ollamaEmulation", emulation);

        registry.bind("grouped", new GroupedBodyAggregationStrategy());
        registry.bind("llmCallQueue", new LlmCallQueue());
        OllamaWatchBeans.bind(camel, settings, clock);

        // A forced shutdown rejects the LLM calls still queued without completing them, so the threads waiting on
        // them would never wake: interrupt them after a second (their documents resume at the next start).
        camel.getExecutorServiceManager().setShutdownAwaitTermination(1000);

        // Threads that wait on LLM answers: enough to keep every throttle slot busy while others queue.
        int llm = settings.maxAsyncLlm();
        bindPool(camel, "extractPool", 4 * llm + settings.maxParallelInsert());
        bindPool(camel, "summaryPool", 2 * llm);
        bindPool(camel, "embedPool", settings.embeddingMaxAsync());
    }

    /**
     * A fixed pool with a short queue: when both are full the submitting thread runs the task itself
     * (back-pressure); the queue keeps the pool fed while it does.
     */
    private static void bindPool(CamelContext camel, String name, int threads) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder(name).poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(4 * threads).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns).build();
        camel.getRegistry().bind(name, camel.getExecutorServiceManager().newThreadPool(camel, name, profile));
    }
}
