package io.dialout.gateway.http;

import io.dialout.gateway.call.Call;
import io.dialout.gateway.call.CallRegistry;
import io.dialout.gateway.call.CallSnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** GET /v1/calls (the active calls) and DELETE /v1/calls/{id} (admin hang-up). */
@Path("/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
@AdminOnly
public class CallsResource {

    @Inject
    CallRegistry registry;

    /** Each call's snapshot is taken on its own executor; a call that does not answer within 2 s is left out. */
    @GET
    public List<CallView> list() throws InterruptedException {
        List<CompletableFuture<CallSnapshot>> futures = new ArrayList<>();
        for (Call c : registry.all()) {
            futures.add(c.snapshot());
        }
        List<CallView> views = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (CompletableFuture<CallSnapshot> f : futures) {
            try {
                views.add(CallView.of(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)));
            } catch (ExecutionException | TimeoutException e) {
                // skipped: ended meanwhile, or busy
            }
        }
        views.sort(Comparator.comparing(CallView::startedAt));
        return views;
    }

    /** Hangs the call up as the client's {@code hangup} would: cause local-hangup, reason "hangup by an admin". */
    @DELETE
    @Path("/{id}")
    public Response hangup(@PathParam("id") String id) {
        Call call = registry.get(id);
        if (call == null) {
            throw new NotFoundException("no call " + id);
        }
        call.hangup("hangup by an admin");
        return Response.accepted().build();
    }
}
