package org.mailplatform.store;

/** STORE +FLAGS, -FLAGS and FLAGS. */
public enum FlagOperation {
    ADD, REMOVE, REPLACE
}
