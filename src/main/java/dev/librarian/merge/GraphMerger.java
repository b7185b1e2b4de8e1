package dev.librarian.merge;

import dev.librarian.extract.SummaryPrompt;
import dev.librarian.graph.EntityNode;
import dev.librarian.graph.RelationEdge;
import dev.librarian.llm.ChatMessage;
import dev.librarian.llm.ChatRequest;
import dev.librarian.llm.LlmAnswer;
import dev.librarian.model.Chunk;
import dev.librarian.model.ChunkExtraction;
import dev.librarian.model.EntityRecord;
import dev.librarian.model.RelationKey;
import dev.librarian.model.RelationRecord;
import dev.librarian.model.Separators;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Merges a document's extractions into the graph with LightRAG's rules: entity type by vote, descriptions
 * joined with {@code <SEP>} or summarised by the LLM past the thresholds, relation weights summed, keywords as a
 * sorted set, relation ends without records of their own created as {@code UNKNOWN}. Every node and edge is
 * recomputed from the {@link Contributions} of all chunks in (document, chunk) order, so the result does not
 * depend on arrival order and a chunk counts once however often it is processed.
 */
public final class GraphMerger {

    private static final String UNKNOWN = "UNKNOWN";
    private static final String KEEP_OLD = "KEEP Old";
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");

    private final Contributions contributions;
    private final DescriptionPolicy policy;
    private final SummaryPrompt summaryPrompt;
    private final int maxSourceIds;
    private final int maxFilePaths;
    private final Clock clock;

    public GraphMerger(Contributions contributions, DescriptionPolicy policy, SummaryPrompt summaryPrompt,
                       int maxSourceIds, int maxFilePaths, Clock clock) {
        this.contributions = contributions;
        this.policy = policy;
        this.summaryPrompt = summaryPrompt;
        this.maxSourceIds = maxSourceIds;
        this.maxFilePaths = maxFilePaths;
        this.clock = clock;
    }

    /** Works out the new state of every node and edge the document touches, and which summaries it needs. */
    public MergePlan plan(String docId, List<Chunk> chunks, List<ChunkExtraction> extractions) {
        List<ChunkExtraction> ordered = new ArrayList<>(extractions);
        ordered.sort(Comparator.comparingInt(e -> e.chunk().index()));
        Contributions.Change change = contributions.prepare(docId, ordered);
        List<SummaryTask> tasks = new ArrayList<>();

        Map<RelationKey, Draft> relations = new TreeMap<>();
        Set<RelationKey> removedRelations = new TreeSet<>();
        for (RelationKey key : change.touchedRelations()) {
            TreeMap<ChunkRef, List<RelationRecord>> records = change.relationRecords(key);
            if (records.isEmpty()) {
                removedRelations.add(key);
            } else {
                relations.put(key, relationDraft(key, records, tasks));
            }
        }
        Map<String, Draft> entities = new TreeMap<>();
        Set<String> removedEntities = new TreeSet<>();
        for (String name : change.touchedEntities()) {
            TreeMap<ChunkRef, List<EntityRecord>> records = change.entityRecords(name);
            List<RelationKey> incident = change.relationsOf(name);
            if (records.isEmpty() && incident.isEmpty()) {
                removedEntities.add(name);
            } else {
                entities.put(name, entityDraft(name, records, incident, change, tasks));
            }
        }
        return new MergePlan(docId, chunks, ordered, change, entities, removedEntities, relations,
                removedRelations, tasks);
    }

    private Draft entityDraft(String name, TreeMap<ChunkRef, List<EntityRecord>> records,
                              List<RelationKey> incident, Contributions.Change change, List<SummaryTask> tasks) {
        List<ChunkRef> refs = sortedDistinct(records.keySet(), incident, change);
        String type;
        List<String> fragments;
        if (records.isEmpty()) {
            type = UNKNOWN;
            fragments = distinct(incident.stream()
                    .map(k -> change.relationRecords(k).firstEntry().getValue().get(0).description()).toList());
        } else {
            List<EntityRecord> all = records.values().stream().flatMap(List::stream).toList();
            type = vote(all.stream().map(EntityRecord::type).toList());
            fragments = distinct(all.stream().map(EntityRecord::description).toList());
        }
        SummaryTask task = null;
        String description = policy.joinedOrNull(fragments);
        if (description == null) {
            task = new SummaryTask(name, null, null, policy.forSummary(fragments));
            tasks.add(task);
        }
        return new Draft(type, 0, null, fragments, description, task, chunkIds(refs), filePaths(refs));
    }

    private Draft relationDraft(RelationKey key, TreeMap<ChunkRef, List<RelationRecord>> records,
                                List<SummaryTask> tasks) {
        List<RelationRecord> all = records.values().stream().flatMap(List::stream).toList();
        double weight = all.stream().mapToDouble(RelationRecord::weight).sum();
        TreeSet<String> keywords = new TreeSet<>();
        for (RelationRecord r : all) {
            for (String k : r.keywords().split(",")) {
                if (!k.isBlank()) {
                    keywords.add(k.trim());
                }
            }
        }
        List<String> fragments = distinct(all.stream().map(RelationRecord::description).toList());
        SummaryTask task = null;
        String description = policy.joinedOrNull(fragments);
        if (description == null) {
            task = new SummaryTask(null, key.first(), key.second(), policy.forSummary(fragments));
            tasks.add(task);
        }
        return new Draft(null, weight, String.join(",", keywords), fragments, description, task,
                chunkIds(records.keySet()), filePaths(records.keySet()));
    }

    /** The LLM call that writes one summary; cached like every other call. */
    public ChatRequest summaryRequest(SummaryTask task) {
        String prompt = task.entity() != null
                ? summaryPrompt.forEntity(task.entity(), task.fragments())
                : summaryPrompt.forRelation(task.source(), task.target(), task.fragments());
        return new ChatRequest(List.of(ChatMessage.user(prompt)), "summary", "summary", null);
    }

    public SummaryResult summaryResult(SummaryTask task, LlmAnswer answer) {
        String text = CONTROL.matcher(answer.content()).replaceAll("").trim();
        return new SummaryResult(task, text.isEmpty() ? String.join(Separators.GRAPH_FIELD, task.fragments()) : text);
    }

    /** Applies the summaries and produces the final nodes and edges of the document's merge. */
    public IndexUpdate finish(MergePlan plan, List<SummaryResult> results) {
        Map<SummaryTask, String> summaries = new HashMap<>();
        results.forEach(r -> summaries.put(r.task(), r.summary()));
        return build(plan, summaries, false);
    }

    /**
     * The part of the merge that needs no summary (chunks, and nodes and edges whose description is already
     * known), so its embeddings can be computed while the LLM writes the summaries.
     */
    public IndexUpdate finishKnown(MergePlan plan) {
        return build(plan, Map.of(), true);
    }

    private IndexUpdate build(MergePlan plan, Map<SummaryTask, String> summaries, boolean knownOnly) {
        long now = clock.instant().getEpochSecond();
        List<EntityNode> nodes = new ArrayList<>();
        Map<String, List<String>> entityChunks = new LinkedHashMap<>();
        plan.entities().forEach((name, draft) -> {
            if (knownOnly && draft.description() == null) {
                return;
            }
            Draft d = resolve(draft, summaries);
            nodes.add(new EntityNode(name, d.type(), d.description(), capped(d.sourceIds()),
                    joinedPaths(d.filePaths()), now, truncation(d.sourceIds())));
            entityChunks.put(name, d.sourceIds());
        });
        List<RelationEdge> edges = new ArrayList<>();
        Map<RelationKey, List<String>> relationChunks = new LinkedHashMap<>();
        plan.relations().forEach((key, draft) -> {
            if (knownOnly && draft.description() == null) {
                return;
            }
            Draft d = resolve(draft, summaries);
            edges.add(new RelationEdge(key.first(), key.second(), d.weight(), d.description(), d.keywords(),
                    capped(d.sourceIds()), joinedPaths(d.filePaths()), now, truncation(d.sourceIds())));
            relationChunks.put(key, d.sourceIds());
        });
        return new IndexUpdate(plan.docId(), plan.chunks(), plan.extractions(), plan.change(), nodes,
                plan.removedEntities(), edges, plan.removedRelations(), entityChunks, relationChunks,
                plan.change().documentEntities(), plan.change().documentRelations());
    }

    /** Makes the document's contributions part of the committed index, once its files are written. */
    public void commit(IndexUpdate update) {
        contributions.commit(update.change());
    }

    private static Draft resolve(Draft draft, Map<SummaryTask, String> summaries) {
        if (draft.description() != null) {
            return draft;
        }
        String summary = summaries.get(draft.summary());
        if (summary == null) {
            throw new IllegalStateException("no summary was written for " + draft.summary().label());
        }
        return draft.withDescription(summary);
    }

    private String capped(List<String> sourceIds) {
        List<String> kept = sourceIds.size() > maxSourceIds ? sourceIds.subList(0, maxSourceIds) : sourceIds;
        return String.join(Separators.GRAPH_FIELD, kept);
    }

    private String truncation(List<String> sourceIds) {
        return sourceIds.size() > maxSourceIds ? KEEP_OLD : "";
    }

    private String joinedPaths(List<String> paths) {
        if (paths.size() <= maxFilePaths) {
            return String.join(Separators.GRAPH_FIELD, paths);
        }
        List<String> kept = new ArrayList<>(paths.subList(0, maxFilePaths));
        kept.add("...truncated...(KEEP Old)");
        return String.join(Separators.GRAPH_FIELD, kept);
    }

    /**
     * The chunks of an entity's own records and of its relations, in order, each once. A main character has thousands,
     * in one sorted run per relation: sorting the runs together beats inserting them one by one into a tree.
     */
    private static List<ChunkRef> sortedDistinct(Set<ChunkRef> own, List<RelationKey> incident,
                                                 Contributions.Change change) {
        List<ChunkRef> all = new ArrayList<>(own);
        incident.forEach(k -> all.addAll(change.relationRecords(k).keySet()));
        all.sort(null);
        List<ChunkRef> distinct = new ArrayList<>(all.size());
        for (ChunkRef ref : all) {
            if (distinct.isEmpty() || distinct.get(distinct.size() - 1).compareTo(ref) != 0) {
                distinct.add(ref);
            }
        }
        return distinct;
    }

    private static List<String> chunkIds(Collection<ChunkRef> refs) {
        return refs.stream().map(ChunkRef::chunkId).toList();
    }

    private static List<String> filePaths(Collection<ChunkRef> refs) {
        return distinct(refs.stream().map(ChunkRef::filePath).toList());
    }

    private static List<String> distinct(List<String> values) {
        return new ArrayList<>(new LinkedHashSet<>(values));
    }

    /** The most frequent type; ties go to the one seen first. */
    private static String vote(List<String> types) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        types.forEach(t -> counts.merge(t, 1, Integer::sum));
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best == null || best.isBlank() ? UNKNOWN : best;
    }
}
