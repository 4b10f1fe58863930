package org.mailplatform.auth.user;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface UserRepository extends MongoRepository<User, String> {

    Optional<User> findByAddressKey(String addressKey);

    List<User> findByDomainOrderByAddressKeyAsc(String domain);

    List<User> findByTenantIdOrderByAddressKeyAsc(String tenantId);

    long countByDomain(String domain);
}
