package dev.librarian.formats;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.Map;

/** Dublin Core title, creator and language from DOCX's {@code docProps/core.xml} or ODT's {@code meta.xml}. */
final class OfficeMetadata {

    private OfficeMetadata() {
    }

    static void read(byte[] xml, Map<String, Object> metadata) {
        if (xml == null) {
            return;
        }
        try {
            XMLStreamReader r = XmlInput.open(xml);
            while (r.hasNext()) {
                if (r.next() != XMLStreamReader.START_ELEMENT) {
                    continue;
                }
                String key = switch (r.getLocalName()) {
                    case "title" -> "title";
                    case "creator", "initial-creator" -> "author";
                    case "language" -> "language";
                    default -> null;
                };
                if (key != null) {
                    String value = XmlInput.elementText(r);
                    if (!value.isBlank() && !metadata.containsKey(key)) {
                        metadata.put(key, value);
                    }
                }
            }
        } catch (XMLStreamException e) {
            // metadata is a courtesy: a damaged properties part does not fail the book
        }
    }
}
