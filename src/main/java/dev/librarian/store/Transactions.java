package dev.librarian.store;

/** Runs several store writes as one transaction: all of them are kept, or none. */
@FunctionalInterface
public interface Transactions {

    void run(Runnable writes);

    /** For stores without transactions (each write stands alone). */
    static Transactions none() {
        return Runnable::run;
    }
}
