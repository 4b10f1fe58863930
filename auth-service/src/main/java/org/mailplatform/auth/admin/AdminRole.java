package org.mailplatform.auth.admin;

/** What an admin may manage: the whole platform, or one tenant. */
public enum AdminRole {
    PLATFORM, TENANT
}
