package dev.librarian.formats;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.Set;

/** StAX readers for the XML inside books: no DTDs, no external entities (a book cannot make us read other files). */
final class XmlInput {

    private static final XMLInputFactory FACTORY = factory();

    private XmlInput() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** A reader over {@code xml}; the encoding comes from its declaration (UTF-8 without one). */
    static XMLStreamReader open(byte[] xml) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    /** The attribute of that local name in any namespace, or null. */
    static String attribute(XMLStreamReader r, String localName) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            if (r.getAttributeLocalName(i).equals(localName)) {
                return r.getAttributeValue(i);
            }
        }
        return null;
    }

    /** Moves past the current element without keeping its content (an embedded image can be megabytes). */
    static void skip(XMLStreamReader r) throws XMLStreamException {
        read(r, null, Set.of());
    }

    /** The text of the current element and everything inside it; the reader ends on its end tag. */
    static String elementText(XMLStreamReader r) throws XMLStreamException {
        return elementText(r, Set.of());
    }

    /** The same, with a space after each element named in {@code breaks} (paragraphs inside a footnote). */
    static String elementText(XMLStreamReader r, Set<String> breaks) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        read(r, text, breaks);
        return text.toString().strip();
    }

    /** Reads to the end tag of the current element, collecting its text into {@code text} unless it is null. */
    private static void read(XMLStreamReader r, StringBuilder text, Set<String> breaks) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamReader.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamReader.END_ELEMENT) {
                depth--;
                if (text != null && breaks.contains(r.getLocalName())) {
                    text.append(' ');
                }
            } else if (text != null && (event == XMLStreamReader.CHARACTERS || event == XMLStreamReader.CDATA)) {
                text.append(r.getText());
            }
        }
    }
}
