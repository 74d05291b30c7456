/* keywords.h — a stream's keywords as `daoctl info` shows them, for DAO
 * and milk streams alike. */
#ifndef DAOCTL_KEYWORDS_H
#define DAOCTL_KEYWORDS_H

#include "dao.h"
#include "daocommon-json.h"

/* "keyword_capacity" and "keywords": [{"index", "name", "type", "value",
 * "comment"}] (used entries only), as keys of the object being written. */
void daoctl_keywords_json(daocommon_json *j, const dao_stream *s);

/* "keywords:  N of M entries used" (label padded to `label_width`), then a
 * line per used entry. */
void daoctl_keywords_text(const dao_stream *s, int label_width);

#endif /* DAOCTL_KEYWORDS_H */
