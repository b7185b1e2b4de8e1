package dev.librarian.progress;

import org.apache.camel.support.service.ServiceSupport;

/** Runs a task when the Camel context stops its services, which is after every route has stopped. */
final class OnStop extends ServiceSupport {

    private final Runnable task;

    OnStop(Runnable task) {
        this.task = task;
    }

    @Override
    protected void doStop() {
        task.run();
    }
}
