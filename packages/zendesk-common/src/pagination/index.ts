export { linksPaginator, searchExportPaginator, type LinksPaginatorOptions } from "./links.js";
export { nextPagePaginator, beforeUrlPaginator, type NextPagePaginatorOptions, type BeforeUrlPaginatorOptions } from "./next-page.js";
export { exportCursorPaginator, exportTimePaginator, type ExportPaginatorOptions } from "./export.js";
