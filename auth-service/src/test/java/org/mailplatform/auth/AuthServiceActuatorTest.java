package org.mailplatform.auth;

import java.util.Map;

import org.mailplatform.directory.client.wire.DirectoryApi;
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

    /** A directory lookup and a failed login, as a protocol service would make them. */
    @Override
    public void exerciseForMetrics() {
        AdminHttp service = AdminHttp.service(port, SERVICE_TOKEN);
        service.post(DirectoryApi.RESOLVE_PATH, Map.of("address", "nobody@metrics.test")).expect(200);
        service.post(DirectoryApi.AUTHENTICATE_PATH, Map.of("login", "nobody@metrics.test", "secret", "wrong",
                "protocol", "IMAP", "clientAddress", "192.0.2.77")).expect(200);
    }
}
