package dev.librarian.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.librarian.api.BadRequestException;
import dev.librarian.api.NotFoundException;
import dev.librarian.chunk.Tokenizer;
import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ollama-compatible API LightRAG serves under {@code /api} (§9), so chat clients can talk to the library as if
 * it were one Ollama model ({@code librarian:latest} by default): request parsing with the mode prefixes of the
 * last chat message, and Ollama-format answers, whole or as NDJSON lines ending with a {@code done:true} line that
 * carries durations and token counts.
 *
 * <p>Prefixes: {@code /local }, {@code /global }, {@code /hybrid }, {@code /naive }, {@code /mix },
 * {@code /bypass }; {@code /context} (mix) and {@code /localcontext}, {@code /globalcontext}, {@code /hybridcontext},
 * {@code /naivecontext}, {@code /mixcontext} answer with the retrieved context; {@code /mode[instructions] query}
 * adds instructions for the answer. No prefix means mix.
 */
public final class OllamaEmulation {

    /** The version LightRAG's emulation reports. */
    public static final String VERSION = "0.9.3";
    private static final String MODIFIED_AT = "2024-01-15T00:00:00Z";
    private static final long MODEL_SIZE = 7_365_960_935L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BRACKET = Pattern.compile("^/([a-z]*)\\[(.*?)](.*)", Pattern.DOTALL);
    private static final Pattern WEBUI_TASK = Pattern.compile("\\n<chat_history>\\nUSER:");
    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("/local ", QueryMode.LOCAL, false),
            new Prefix("/global ", QueryMode.GLOBAL, false),
            new Prefix("/naive ", QueryMode.NAIVE, false),
            new Prefix("/hybrid ", QueryMode.HYBRID, false),
            new Prefix("/mix ", QueryMode.MIX, false),
            new Prefix("/bypass ", QueryMode.BYPASS, false),
            new Prefix("/context", QueryMode.MIX, true),
            new Prefix("/localcontext", QueryMode.LOCAL, true),
            new Prefix("/globalcontext", QueryMode.GLOBAL, true),
            new Prefix("/hybridcontext", QueryMode.HYBRID, true),
            new Prefix("/naivecontext", QueryMode.NAIVE, true),
            new Prefix("/mixcontext", QueryMode.MIX, true));

    private record Prefix(String text, QueryMode mode, boolean onlyNeedContext) {
    }

    /**
     * The outcome of a message's prefix.
     *
     * @param query           the message without the prefix
     * @param mode            the mode it names (mix without one)
     * @param onlyNeedContext whether it asks for the context only
     * @param userPrompt      instructions from {@code /mode[...]}, or null
     */
    public record ParsedPrefix(String query, QueryMode mode, boolean onlyNeedContext, String userPrompt) {
    }

    private final String model;
    private final int contextLength;
    private final Tokenizer tokenizer;
    private final Clock clock;
    private final AnswerPrompt prompts = new AnswerPrompt();

    /** @param contextLength the context window {@code /api/show} announces, in tokens */
    public OllamaEmulation(QuerySettings settings, int contextLength) {
        this(settings.modelId(), contextLength, Tokenizer.o200k(), Clock.systemUTC());
    }

    public OllamaEmulation(QuerySettings settings) {
        this(settings, settings.maxTotalTokens());
    }

    /** @param model the model id announced, e.g. {@code librarian:latest} */
    public OllamaEmulation(String model, int contextLength, Tokenizer tokenizer, Clock clock) {
        this.model = model;
        this.contextLength = contextLength;
        this.tokenizer = tokenizer;
        this.clock = clock;
    }

    public OllamaEmulation(String model, Tokenizer tokenizer, Clock clock) {
        this(model, QuerySettings.defaults().maxTotalTokens(), tokenizer, clock);
    }

    public String model() {
        return model;
    }

    // ---- requests ----

    /** Reads the mode prefix of a chat message (LightRAG's {@code parse_query_mode}). */
    public static ParsedPrefix parsePrefix(String message) {
        String query = message;
        String userPrompt = null;
        Matcher bracket = BRACKET.matcher(message);
        if (bracket.matches()) {
            userPrompt = bracket.group(2);
            String rest = bracket.group(3).stripLeading();
            String modeName = bracket.group(1);
            if (modeName.isEmpty()) {
                return new ParsedPrefix(rest, QueryMode.MIX, false, blankToNull(userPrompt));
            }
            query = ("/" + modeName + " " + rest).strip();
        }
        for (Prefix p : PREFIXES) {
            if (query.startsWith(p.text())) {
                return new ParsedPrefix(query.substring(p.text().length()).stripLeading(), p.mode(),
                        p.onlyNeedContext(), blankToNull(userPrompt));
            }
        }
        // "/local" alone (nothing after it) names the mode with an empty query
        for (Prefix p : PREFIXES) {
            if (query.equals(p.text().strip())) {
                return new ParsedPrefix("", p.mode(), p.onlyNeedContext(), blankToNull(userPrompt));
            }
        }
        return new ParsedPrefix(query, QueryMode.MIX, false, blankToNull(userPrompt));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /**
     * Reads a {@code /api/chat} body: {model, messages:[{role, content}], stream (default true), system?,
     * options?}. The last message must come from the user.
     *
     * @throws BadRequestException for malformed JSON, no messages, or a last message not from the user
     */
    public OllamaChatCall parseChat(String body) {
        JsonNode json = object(body);
        JsonNode messages = json.get("messages");
        if (messages == null || messages.isNull() || (messages.isArray() && messages.isEmpty())) {
            throw new BadRequestException("No messages provided");
        }
        if (!messages.isArray()) {
            throw new BadRequestException("messages must be a list of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> all = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            JsonNode role = m.get("role");
            JsonNode content = m.get("content");
            if (!m.isObject() || role == null || !role.isTextual()) {
                throw new BadRequestException("messages[" + i + "].role must be a string");
            }
            if (content == null || !content.isTextual()) {
                throw new BadRequestException("messages[" + i + "].content must be a string");
            }
            all.add(new ChatMessage(role.textValue(), content.textValue()));
        }
        ChatMessage last = all.get(all.size() - 1);
        if (!"user".equals(last.role())) {
            throw new BadRequestException("Last message must be from user role");
        }
        return call(json, last.content(), all.subList(0, all.size() - 1));
    }

    /**
     * Reads a {@code /api/generate} body: {model, prompt, system?, stream (default true, as Ollama), options?}. The
     * prompt is read as a chat's one user message: the same mode prefixes, and no prefix means mix.
     *
     * @throws BadRequestException for malformed JSON or a missing prompt
     */
    public OllamaChatCall parseGenerate(String body) {
        JsonNode json = object(body);
        RequestFields f = new RequestFields(json);
        if (f.absent("prompt")) {
            throw new BadRequestException("prompt is required");
        }
        return call(json, f.string("prompt", ""), List.of());
    }

    private OllamaChatCall call(JsonNode json, String message, List<ChatMessage> history) {
        RequestFields f = new RequestFields(json);
        refuseUnsupported(f);
        ParsedPrefix prefix = parsePrefix(message);
        boolean webUiTask = WEBUI_TASK.matcher(prefix.query()).find();
        return new OllamaChatCall(f.string("model", model), prefix.query(), prefix.mode(), prefix.onlyNeedContext(),
                prefix.userPrompt(), history, f.bool("stream", true),
                blankToNull(f.string("system", null)), prefix.mode() == QueryMode.BYPASS || webUiTask);
    }

    /**
     * Tool calls and constrained output cannot be honoured by answers written from the library: a client relying on
     * them (LangChain's {@code withStructuredOutput}, {@code bindTools}) is told so instead of getting prose it
     * cannot parse. An empty {@code tools} list, as LightRAG's own Ollama binding sends, asks for nothing.
     */
    private void refuseUnsupported(RequestFields f) {
        if (!f.absent("tools") && !f.isEmptyList("tools")) {
            throw new BadRequestException(model + " does not support tools: it answers from the library in prose");
        }
        if (!f.absent("format") && !f.isEmptyString("format")) {
            throw new BadRequestException(model + " does not support format: it answers from the library in prose,"
                    + " not in JSON or a schema");
        }
    }

    private static JsonNode object(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("request body is empty");
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new BadRequestException("request body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("Invalid JSON in request body: " + e.getOriginalMessage());
        }
    }

    /** The LLM call of a chat that bypasses retrieval: system (if any), history, query. */
    public ChatRequest bypassRequest(OllamaChatCall call) {
        return prompts.bypassRequest(call.query(), call.history(), call.system());
    }

    // ---- answers ----

    /**
     * A complete non-streamed {@code /api/chat} answer.
     *
     * @param content    the answer
     * @param prompt     the query it answers (for prompt_eval_count)
     * @param startNanos {@link System#nanoTime()} when the request arrived
     */
    public Map<String, Object> chatResponse(String content, String prompt, long startNanos) {
        Map<String, Object> m = head();
        m.put("message", message(content));
        m.put("done_reason", "stop");
        m.put("done", true);
        stats(m, prompt, content, startNanos);
        return m;
    }

    /** One streamed {@code /api/chat} piece: {model, created_at, message, done:false}, as an NDJSON line. */
    public String chatPieceLine(String piece) {
        Map<String, Object> m = head();
        m.put("message", message(piece));
        m.put("done", false);
        return line(m);
    }

    /** The last streamed {@code /api/chat} line: empty message, done:true, durations and counts. */
    public String chatDoneLine(String fullContent, String prompt, long startNanos) {
        Map<String, Object> m = head();
        m.put("message", message(""));
        m.put("done_reason", "stop");
        m.put("done", true);
        stats(m, prompt, fullContent, startNanos);
        return line(m);
    }

    /** A whole streamed {@code /api/chat} answer for a complete text: one piece line, then the done line. */
    public String chatStream(String content, String prompt, long startNanos) {
        return chatPieceLine(content) + chatDoneLine(content, prompt, startNanos);
    }

    /** A complete non-streamed {@code /api/generate} answer. */
    public Map<String, Object> generateResponse(String content, String prompt, long startNanos) {
        Map<String, Object> m = head();
        m.put("response", content);
        m.put("done", true);
        m.put("done_reason", "stop");
        m.put("context", List.of());
        stats(m, prompt, content, startNanos);
        return m;
    }

    /** One streamed {@code /api/generate} piece as an NDJSON line. */
    public String generatePieceLine(String piece) {
        Map<String, Object> m = head();
        m.put("response", piece);
        m.put("done", false);
        return line(m);
    }

    /** The last streamed {@code /api/generate} line. */
    public String generateDoneLine(String fullContent, String prompt, long startNanos) {
        Map<String, Object> m = head();
        m.put("response", "");
        m.put("done", true);
        m.put("done_reason", "stop");
        m.put("context", List.of());
        stats(m, prompt, fullContent, startNanos);
        return line(m);
    }

    /** A whole streamed {@code /api/generate} answer for a complete text. */
    public String generateStream(String content, String prompt, long startNanos) {
        return generatePieceLine(content) + generateDoneLine(content, prompt, startNanos);
    }

    /** {@code GET /api/version}. */
    public Map<String, Object> version() {
        return Map.of("version", VERSION);
    }

    /** {@code GET /api/tags}: the one model this server is. */
    public Map<String, Object> tags() {
        Map<String, Object> m = modelInfo();
        m.put("modified_at", MODIFIED_AT);
        return Map.of("models", List.of(m));
    }

    /** {@code GET /api/ps}: the model, as if loaded. */
    public Map<String, Object> ps() {
        Map<String, Object> m = modelInfo();
        m.put("expires_at", "2050-12-31T23:59:59Z");
        m.put("size_vram", MODEL_SIZE);
        return Map.of("models", List.of(m));
    }

    /**
     * {@code POST /api/show} for {@code name} (Ollama's {@code model}, or the older {@code name}): the model's
     * details, its context length under {@code <architecture>.context_length} in {@code model_info} (where clients
     * look for it) and its capabilities: completion only, no tools, no images.
     *
     * @throws NotFoundException when the name is not the emulated model's, as Ollama answers for a model it lacks
     */
    public Map<String, Object> show(String body) {
        JsonNode json = object(body);
        RequestFields f = new RequestFields(json);
        String name = f.string("model", f.string("name", null));
        if (name == null || name.isBlank()) {
            throw new BadRequestException("model is required");
        }
        if (!isThisModel(name.strip())) {
            throw new NotFoundException("model '" + name + "' not found");
        }
        Map<String, Object> info = modelInfo();
        String family = family();
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("general.architecture", family);
        modelInfo.put("general.basename", family);
        modelInfo.put("general.parameter_count", 13_000_000_000L);
        modelInfo.put(family + ".context_length", contextLength);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("license", "");
        m.put("modelfile", "# " + model + ": answers from the Librarian library\nFROM " + model + "\n");
        m.put("parameters", "num_ctx " + contextLength);
        m.put("template", "{{ .Prompt }}");
        m.put("details", info.get("details"));
        m.put("model_info", modelInfo);
        m.put("capabilities", List.of("completion"));
        m.put("modified_at", MODIFIED_AT);
        return m;
    }

    /** True for the emulated model's name, with or without its tag ({@code librarian} is {@code librarian:latest}). */
    public boolean isThisModel(String name) {
        return name.equals(model) || (!name.contains(":") && model.equals(name + ":latest"));
    }

    private String family() {
        return model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
    }

    private Map<String, Object> modelInfo() {
        String family = family();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parent_model", "");
        details.put("format", "gguf");
        details.put("family", family);
        details.put("families", List.of(family));
        details.put("parameter_size", "13B");
        details.put("quantization_level", "Q4_0");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model);
        m.put("model", model);
        m.put("size", MODEL_SIZE);
        m.put("digest", "sha256:" + family);
        m.put("details", details);
        return m;
    }

    private Map<String, Object> head() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("created_at", clock.instant().toString());
        return m;
    }

    private static Map<String, Object> message(String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", "assistant");
        m.put("content", content);
        m.put("images", null);
        return m;
    }

    /** Durations as LightRAG reports a complete answer: no separate prompt phase, the rest is evaluation. */
    private void stats(Map<String, Object> m, String prompt, String content, long startNanos) {
        long total = Math.max(0, System.nanoTime() - startNanos);
        m.put("total_duration", total);
        m.put("load_duration", 0);
        m.put("prompt_eval_count", tokenizer.count(prompt));
        m.put("prompt_eval_duration", 0);
        m.put("eval_count", tokenizer.count(content));
        m.put("eval_duration", total);
    }

    private static String line(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
