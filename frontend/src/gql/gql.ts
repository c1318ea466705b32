/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.RecentOrdersDocument,
    "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n": typeof types.WarehousesDocument,
    "\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StorefrontProductsDocument,
    "\n  query ProductCategories {\n    productCategories\n  }\n": typeof types.ProductCategoriesDocument,
    "\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n": typeof types.ParcelTrackingFieldsFragmentDoc,
    "\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": typeof types.TrackParcelDocument,
    "\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": typeof types.ParcelUpdatedDocument,
};
const documents: Documents = {
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n  }\n": types.MeDocument,
    "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n": types.LogoutDocument,
    "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n": types.RecentOrdersDocument,
    "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n": types.WarehousesDocument,
    "\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StorefrontProductsDocument,
    "\n  query ProductCategories {\n    productCategories\n  }\n": types.ProductCategoriesDocument,
    "\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n": types.ParcelTrackingFieldsFragmentDoc,
    "\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": types.TrackParcelDocument,
    "\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": types.ParcelUpdatedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductCategories {\n    productCategories\n  }\n"): (typeof documents)["\n  query ProductCategories {\n    productCategories\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n"): (typeof documents)["\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"): (typeof documents)["\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"): (typeof documents)["\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;