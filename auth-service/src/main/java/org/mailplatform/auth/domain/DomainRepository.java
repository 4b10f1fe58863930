package org.mailplatform.auth.domain;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface DomainRepository extends MongoRepository<Domain, String> {

    List<Domain> findByTenantIdOrderByIdAsc(String tenantId);

    List<Domain> findAllByOrderByIdAsc();

    List<Domain> findByAliasOf(String aliasOf);
}
