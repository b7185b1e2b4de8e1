package dev.librarian.config;

/** What the inbox is ({@code INPUT_MODE}). */
public enum InputMode {
    /** A drop folder: indexed files move to {@code .done/} or {@code .failed/}. */
    DROP,
    /** The library itself: files stay, and a file removed from the folder is deleted from the library. */
    SYNC
}
