export {
  nextUrlPaginator,
  cursorParamPaginator,
  pageNumberPaginator,
  offsetPaginator,
  linkHeaderPaginator,
  linkWithRel,
  singleRequest,
  type NextUrlPaginatorOptions,
  type CursorParamPaginatorOptions,
  type PageNumberPaginatorOptions,
  type OffsetPaginatorOptions,
} from "./generic.js";
export { follow, asObject, isNonEmptyString, valueAt, hasPath, requireFields, allOf } from "./follow.js";
