package com.orbitlend.marketplace.api;

import com.orbitlend.marketplace.service.NotePage;

import java.util.List;

/** One page of notes; {@code total} counts all notes matching the query. */
public record NotePageResponse(List<NoteResponse> items, int page, int size, long total) {

    static NotePageResponse of(NotePage page) {
        return new NotePageResponse(page.items().stream().map(NoteResponse::of).toList(), page.page(), page.size(),
                page.total());
    }
}
