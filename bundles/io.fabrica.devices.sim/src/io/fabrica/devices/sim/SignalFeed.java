package io.fabrica.devices.sim;

/**
 * Updates one simulated variable periodically: computes the next value from its generator and
 * sets it on the node. Each feed is called by one scheduler task at a time.
 */
interface SignalFeed {

    /** @return how often to update, in milliseconds (at least 10) */
    long periodMs();

    /** Computes and publishes the next value. */
    void update();
}
