package dev.librarian.config;

import dev.librarian.api.ApiKeyGuard;
import dev.librarian.api.AuthStatus;
import dev.librarian.api.BrowserOriginGuard;
import dev.librarian.api.DocumentsApi;
import dev.librarian.api.GraphApi;
import dev.librarian.api.InboxScan;
import dev.librarian.api.InsertRequests;
import dev.librarian.api.InsertResponses;
import dev.librarian.api.LiveReply;
import dev.librarian.api.UiAssets;
import dev.librarian.chunk.TokenChunker;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.deletion.DeletionBeans;
import dev.librarian.extract.ExtractionPrompts;
import dev.librarian.extract.SummaryPrompt;
import dev.librarian.formats.BookReader;
import dev.librarian.intake.ArchiveNames;
import dev.librarian.intake.DocumentIntake;
import dev.librarian.intake.InboxFileFilter;
import dev.librarian.intake.IntakeFirst;
import dev.librarian.library.LibraryStores;
import dev.librarian.llm.LlmCallQueue;
import dev.librarian.llm.LlmResponseCache;
import dev.librarian.llm.OllamaProtocol;
import dev.librarian.merge.Contributions;
import dev.librarian.merge.ContributionsLoader;
import dev.librarian.merge.DescriptionPolicy;
import dev.librarian.merge.ExtractionRows;
import dev.librarian.merge.GraphMerger;
import dev.librarian.metrics.LibrarianMetrics;
import dev.librarian.metrics.MetricsBeans;
import dev.librarian.metrics.PipelineGauges;
import dev.librarian.mirror.MirrorBeans;
import dev.librarian.ollama.OllamaWatchBeans;
import dev.librarian.pipeline.ChunkExtractor;
import dev.librarian.pipeline.ChunkStage;
import dev.librarian.pipeline.DocumentQueue;
import dev.librarian.pipeline.EmbeddingAnswers;
import dev.librarian.pipeline.EmbeddingPlanner;
import dev.librarian.pipeline.IndexWriter;
import dev.librarian.pipeline.MergeQueue;
import dev.librarian.pipeline.MergeResultsAggregation;
import dev.librarian.pipeline.PipelineFailures;
import dev.librarian.progress.CachedExtractions;
import dev.librarian.progress.ProgressBeans;
import dev.librarian.query.LibraryWarmUp;
import dev.librarian.query.OllamaEmulation;
import dev.librarian.query.OllamaModelLoad;
import dev.librarian.query.QueryCache;
import dev.librarian.query.QueryFlow;
import dev.librarian.query.QuerySettings;
import dev.librarian.query.Retriever;
import dev.librarian.status.ChunkOptions;
import dev.librarian.status.DocStatusRepository;
import dev.librarian.vector.VectorIndexCommits;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * Wires Librarian's beans from {@link Settings} into the Camel registry, where the YAML routes find them by name.
 * The core pipeline is wired here; self-contained areas bind their own beans ({@code MetricsBeans},
 * {@code DeletionBeans}, {@code OllamaWatchBeans}, {@code ProgressBeans}) and are called from here in order.
 */
@Configuration
public class LibrarianConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) throws Exception {
        // JMX shows every route, endpoint and queue, and of the routes' steps only those given an id (the throttles,
        // the Ollama calls): the 782 MBeans of the other steps held ~16 MB of descriptors in a 512 MB heap
        camel.getManagementStrategy().getManagementAgent().setOnlyRegisterProcessorWithCustomId(true);
        Settings settings;
        try {
            settings = Settings.from(key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null));
        } catch (IllegalArgumentException badValue) {
            throw new StartupException(badValue.getMessage(), badValue);
        }
        Clock clock = Clock.systemUTC();
        Registry registry = camel.getRegistry();

        LibrarianMetrics metrics = MetricsBeans.bind(camel);

        LibraryStores stores = LibraryStores.open(settings.workingDir(), settings.databaseUrl(),
                settings.embeddingDim(), clock);
        camel.addService(stores);
        if (camel.getPropertiesComponent().resolveProperty("camel.server.enabled").map(Boolean::parseBoolean)
                .orElse(true)) {
            HttpPort.requireFree(settings.host(), settings.port());
        }
        MirrorBeans.bind(camel, settings, stores);
        DocStatusRepository status = new DocStatusRepository(stores.docStatus(), stores.fullDocs(),
                stores.database(), clock, new ChunkOptions(settings.chunkSize(), settings.chunkOverlap()));
        LlmResponseCache cache = new LlmResponseCache(stores.llmCache(), settings.llmHost(), settings.llmModel(),
                metrics);
        OllamaProtocol ollama = new OllamaProtocol(settings.llmModel(), settings.embeddingModel(), settings.ollamaNumCtx(),
                metrics);
        Tokenizer tokenizer = Tokenizer.o200k();
        tokenizer.count("warm up: loads the o200k ranks now rather than with the first document");

        Contributions contributions = Contributions.restoring();
        registry.bind("contributionsLoader", new ContributionsLoader(contributions, stores.docStatus(),
                stores.chunks(), cache::answerFor, new ExtractionRows(stores.chunkExtractions()), stores.database()));
        DescriptionPolicy policy = new DescriptionPolicy(tokenizer, settings.forceLlmSummaryOnMerge(),
                settings.summaryMaxTokens(), settings.summaryContextSize());
        GraphMerger merger = new GraphMerger(contributions, policy,
                new SummaryPrompt(settings.summaryLanguage(), settings.summaryLengthRecommended()),
                settings.maxSourceIds(), settings.maxFilePaths(), clock);
        BookReader bookReader = new BookReader(settings.archiveLimits());
        DocumentIntake intake = new DocumentIntake(bookReader);
        long maxUploadSize = settings.maxUploadSize();

        registry.bind("settings", settings);
        registry.bind("stores", stores);
        registry.bind("libraryDatabase", stores.database());
        registry.bind("vectorIndexCommits", new VectorIndexCommits(stores.vectorNamespaces()));
        registry.bind("docStatus", status);
        registry.bind("llmCache", cache);
        registry.bind("ollama", ollama);
        registry.bind("bookReader", bookReader);
        registry.bind("documentIntake", intake);
        registry.bind("archiveNames", new ArchiveNames(settings.inputDir()));
        registry.bind("inboxFileFilter", new InboxFileFilter(settings.inputDir(), settings.inboxStableMs()));
        registry.bind("insertRequests", new InsertRequests(intake, maxUploadSize));
        registry.bind("insertResponses", new InsertResponses());
        DocumentsApi documentsApi = new DocumentsApi(status, settings);
        registry.bind("documentsApi", documentsApi);
        ChunkStage chunkStage = new ChunkStage(stores.fullDocs(), stores.chunks(), status,
                new TokenChunker(settings.chunkSize(), settings.chunkOverlap()));
        registry.bind("chunkStage", chunkStage);
        ChunkExtractor chunkExtractor = new ChunkExtractor(new ExtractionPrompts(settings.summaryLanguage(),
                ExtractionPrompts.DEFAULT_TYPES, 100, 40), metrics);
        registry.bind("chunkExtractor", chunkExtractor);
        registry.bind("graphMerger", merger);
        registry.bind("embeddingPlanner", new EmbeddingPlanner(stores, settings.embeddingBatchNum()));
        registry.bind("embeddingAnswers", new EmbeddingAnswers(ollama, settings.embeddingDim(), metrics));
        IndexWriter indexWriter = new IndexWriter(stores, merger, clock);
        registry.bind("indexWriter", indexWriter);
        DeletionBeans.bind(camel, settings, stores, status, merger, cache, indexWriter, intake);
        registry.bind("failures", new PipelineFailures(status, settings.llmMaxRetries()));
        QuerySettings querySettings = settings.query();
        // a question's local, global and chunk searches side by side (the caller runs one when both threads are busy)
        bindPool(camel, "searchPool", 2);
        Retriever retriever = new Retriever(stores, querySettings,
                camel.getRegistry().lookupByNameAndType("searchPool", ExecutorService.class));
        QueryCache queryCache = new QueryCache(stores.llmCache(), settings.llmHost(), settings.llmModel(),
                querySettings.language(), querySettings.llmCacheEnabled());
        // the context window clients are told: the LLM's own when configured, else a question's token budget
        OllamaEmulation emulation = new OllamaEmulation(querySettings,
                settings.ollamaNumCtx().orElse(querySettings.maxTotalTokens()));
        registry.bind("retriever", retriever);
        registry.bind("libraryWarmUp", new LibraryWarmUp(retriever));
        registry.bind("queryCache", queryCache);
        registry.bind("queryFlow", new QueryFlow(querySettings, retriever, queryCache, emulation, ollama,
                settings.embeddingDim(), metrics));
        registry.bind("ollamaEmulation", emulation);
        registry.bind("ollamaModelLoad", new OllamaModelLoad(emulation.model(), clock));
        registry.bind("graphApi", new GraphApi(stores, settings.maxGraphNodes()));
        registry.bind("uiAssets", new UiAssets());
        registry.bind("inboxScan", new InboxScan(clock, settings.inboxStableMs()));
        String apiKey = settings.apiKey().orElse(null);
        registry.bind("authStatus", new AuthStatus(settings.apiKey().isPresent()));
        registry.bind("liveReply", new LiveReply());

        // Host, browser-origin and API key checks and body-limit answers for every HTTP route, in front of them
        HttpServerGuards guards = new HttpServerGuards(
                new BrowserOriginGuard(settings.host(), settings.allowedHosts(), settings.corsOrigins()),
                new ApiKeyGuard(apiKey), maxUploadSize,
                new RequestBodyWatch(settings.bodyIdleTimeoutSeconds() * 1000L));
        // the HTTP server's threads for requests: a burst of uploads waits on the store's shared commits together
        // instead of twenty at a time (Vert.x's default pool)
        registry.bind("vertxOptions", VertxOptions.class,
                new VertxOptions().setWorkerPoolSize(settings.httpWorkerThreads()));
        // platform-http's engine, telling the body watch when a route's body handler is done
        registry.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                RequestBodyWatch.engine());
        // GuardedHttpServer installs them before it listens
        registry.bind("httpServerGuards", guards);
        camel.addStartupListener(guards);
        // requests as curl and Ollama's clients send them; JSON answers where Vert.x would send an HTML page
        camel.addStartupListener(new HttpRequestRepair());
        camel.addStartupListener(new HttpErrorPages());
        camel.addStartupListener(new ServerBanner());

        registry.bind("grouped", new GroupedBodyAggregationStrategy());
        registry.bind("mergeParts", new MergeResultsAggregation());
        registry.bind("intakeFirst", new IntakeFirst());
        DocumentQueue documentQueue = new DocumentQueue();
        registry.bind("documentQueue", documentQueue);
        MergeQueue mergeQueue = new MergeQueue();
        registry.bind("mergeQueue", mergeQueue);
        LlmCallQueue llmCallQueue = new LlmCallQueue();
        registry.bind("llmCallQueue", llmCallQueue);
        OllamaWatchBeans.bind(camel, settings, clock);
        ProgressBeans.bind(camel, settings, status, documentsApi, new CachedExtractions(chunkExtractor, cache,
                settings.maxGleaning()), chunkStage, documentQueue, mergeQueue, llmCallQueue);
        PipelineGauges.register(metrics, status, documentQueue, mergeQueue, llmCallQueue);

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
