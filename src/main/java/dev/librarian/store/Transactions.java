package dev.librarian.store;

/** Runs several store writes as one transaction: all of them are kept, or none. */
@FunctionalInterface
public interface Transactions {

    void run(Runnable writes);

    /**
     * Like {@link #run}, for a few small writes that may share their transaction with other threads' writes of the
     * same moment (group commit): still all kept or none, and committed when this returns.
     */
    default void runShared(Runnable writes) {
        run(writes);
    }

    /** For stores without transactions (each write stands alone). */
    static Transactions none() {
        return Runnable::run;
    }
}
