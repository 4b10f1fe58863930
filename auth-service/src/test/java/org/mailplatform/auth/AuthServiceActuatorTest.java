package org.mailplatform.auth;

import org.mailplatform.teststack.ActuatorContract;

class AuthServiceActuatorTest extends AuthServiceTestBase implements ActuatorContract {

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return AuthServiceApplication.NAME;
    }
}
