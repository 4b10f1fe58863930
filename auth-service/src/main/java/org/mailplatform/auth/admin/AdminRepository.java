package org.mailplatform.auth.admin;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

public interface AdminRepository extends MongoRepository<AdminAccount, String> {

    List<AdminAccount> findByTenantIdOrderByUsernameAsc(String tenantId);
}
