package dev.librarian.mirror;

import dev.librarian.graph.GraphTables;
import dev.librarian.graph.GraphmlStreamWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** {@code graph_chunk_entity_relation.graphml} from the graph's rows. */
final class GraphMirrorFile implements MirrorFile {

    @Override
    public String name() {
        return GraphTables.FILE;
    }

    @Override
    public void write(Connection snapshot, Path file) throws IOException, SQLException {
        try (var entities = GraphTables.entities(snapshot); var relations = GraphTables.relations(snapshot)) {
            GraphmlStreamWriter.write(file, entities, relations);
        }
    }
}
