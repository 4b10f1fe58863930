package org.mailplatform.auth.user;

/** Whether a user may log in. A suspended user keeps receiving mail but cannot log in. */
public enum UserState {
    ACTIVE, SUSPENDED
}
