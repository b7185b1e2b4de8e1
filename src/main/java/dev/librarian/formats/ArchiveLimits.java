package dev.librarian.formats;

/**
 * Limits on a ZIP-based book (EPUB, DOCX, ODT, FB2.ZIP) against zip bombs: they are checked on the bytes actually
 * unpacked, never on the sizes the archive claims.
 *
 * @param maxEntries       most entries an archive may have
 * @param maxUnpackedBytes most bytes all entries may unpack to together
 * @param maxRatio         most unpacked bytes per byte of the archive (checked once a megabyte is unpacked)
 */
public record ArchiveLimits(int maxEntries, long maxUnpackedBytes, int maxRatio) {

    /** The defaults of {@code application.properties}. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(10_000, 512L << 20, 100);
}
