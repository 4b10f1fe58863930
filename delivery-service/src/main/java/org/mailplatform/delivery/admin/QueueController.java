package org.mailplatform.delivery.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The queue admin API (platform admins only, see {@link AdminAuthInterceptor}):
 * <ul>
 *   <li>{@code GET /api/admin/queue}: pending records per queue;</li>
 *   <li>{@code GET /api/admin/queue/{queue}?limit=n}: the first entries of one queue;</li>
 *   <li>{@code POST /api/admin/queue/dlq/{id}/replay}: the entry back to its source topic;</li>
 *   <li>{@code DELETE /api/admin/queue/dlq/{id}}: the entry hidden for good.</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/admin/queue")
class QueueController {

    private final QueueService queues;

    QueueController(QueueService queues) {
        this.queues = queues;
    }

    @GetMapping
    List<QueueCount> counts() {
        return queues.counts();
    }

    @GetMapping("/{queue}")
    List<QueueEntry> list(@PathVariable String queue, @RequestParam(defaultValue = "50") int limit) {
        return queues.list(queue, limit);
    }

    @PostMapping("/dlq/{id}/replay")
    QueueService.DlqAction replay(@PathVariable String id, HttpServletRequest request) {
        return queues.replay(id, admin(request));
    }

    @DeleteMapping("/dlq/{id}")
    QueueService.DlqAction delete(@PathVariable String id, HttpServletRequest request) {
        return queues.delete(id, admin(request));
    }

    private static String admin(HttpServletRequest request) {
        return ((AdminTokenVerifier.Admin) request.getAttribute(AdminAuthInterceptor.ADMIN)).name();
    }
}
