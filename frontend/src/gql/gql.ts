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
    "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  fragment OrderDetailFields on Order {\n    id\n    number\n    status\n    channel\n    createdAt\n    currency\n    subtotalAmount\n    discountAmount\n    shippingAmount\n    pointsDiscountAmount\n    total {\n      amount\n      currency\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPriceAmount\n      lineTotalAmount\n    }\n    events {\n      id\n      fromStatus\n      toStatus\n      note\n      occurredAt\n    }\n    shipments {\n      id\n      trackingNumber\n      status\n    }\n  }\n": typeof types.OrderDetailFieldsFragmentDoc,
    "\n  query Viewer {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n    myPermissions\n  }\n": typeof types.ViewerDocument,
    "\n  query MyOrders($first: Int!, $after: Cursor) {\n    orders(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MyOrdersDocument,
    "\n  query MyOrder($number: String!) {\n    orders(first: 1, where: { number: $number }) {\n      edges {\n        node {\n          ...OrderDetailFields\n        }\n      }\n    }\n  }\n": typeof types.MyOrderDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ok\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query GuestOrder($number: String!, $email: String!) {\n    guestOrder(number: $number, email: $email) {\n      contactEmail\n      ...OrderDetailFields\n    }\n  }\n": typeof types.GuestOrderDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.RecentOrdersDocument,
    "\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StorefrontProductsDocument,
    "\n  query ProductCategories {\n    productCategories\n  }\n": typeof types.ProductCategoriesDocument,
    "\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n": typeof types.ParcelTrackingFieldsFragmentDoc,
    "\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": typeof types.TrackParcelDocument,
    "\n  query StaffAccounts($first: Int!, $after: Cursor, $where: AccountWhereInput) {\n    accounts(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          role\n          displayName\n          disabled\n          lastLoginAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.StaffAccountsDocument,
    "\n  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {\n    createStaffAccount(input: $input) {\n      account {\n        id\n        email\n        role\n        displayName\n        disabled\n        lastLoginAt\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.CreateStaffAccountDocument,
    "\n  mutation UpdateAccount($input: UpdateAccountInput!) {\n    updateAccount(input: $input) {\n      account {\n        id\n        role\n        disabled\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UpdateAccountDocument,
    "\n  query AuditLog($first: Int!, $after: Cursor, $where: AuditEntryWhereInput) {\n    auditEntries(first: $first, after: $after, where: $where, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          actorID\n          actorEmail\n          action\n          objectType\n          objectID\n          before\n          after\n          requestID\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n": typeof types.WarehousesDocument,
    "\n  query LowStock($first: Int!) {\n    stockLevels(first: $first, orderBy: [{ field: ON_HAND, direction: ASC }]) {\n      edges {\n        node {\n          id\n          onHand\n          reserved\n          reorderPoint\n          binLocation\n          product {\n            id\n            sku\n            nameZh\n            nameEn\n          }\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n    }\n  }\n": typeof types.LowStockDocument,
    "\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": typeof types.ParcelUpdatedDocument,
};
const documents: Documents = {
    "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n": types.LogoutDocument,
    "\n  fragment OrderDetailFields on Order {\n    id\n    number\n    status\n    channel\n    createdAt\n    currency\n    subtotalAmount\n    discountAmount\n    shippingAmount\n    pointsDiscountAmount\n    total {\n      amount\n      currency\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPriceAmount\n      lineTotalAmount\n    }\n    events {\n      id\n      fromStatus\n      toStatus\n      note\n      occurredAt\n    }\n    shipments {\n      id\n      trackingNumber\n      status\n    }\n  }\n": types.OrderDetailFieldsFragmentDoc,
    "\n  query Viewer {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n    myPermissions\n  }\n": types.ViewerDocument,
    "\n  query MyOrders($first: Int!, $after: Cursor) {\n    orders(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MyOrdersDocument,
    "\n  query MyOrder($number: String!) {\n    orders(first: 1, where: { number: $number }) {\n      edges {\n        node {\n          ...OrderDetailFields\n        }\n      }\n    }\n  }\n": types.MyOrderDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ok\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query GuestOrder($number: String!, $email: String!) {\n    guestOrder(number: $number, email: $email) {\n      contactEmail\n      ...OrderDetailFields\n    }\n  }\n": types.GuestOrderDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n": types.RecentOrdersDocument,
    "\n  query StorefrontProducts($first: Int!, $after: Cursor, $where: ProductWhereInput, $orderBy: [ProductOrder!]) {\n    products(first: $first, after: $after, where: $where, orderBy: $orderBy) {\n      edges {\n        cursor\n        node {\n          id\n          sku\n          nameZh\n          nameEn\n          category\n          available\n          weightGrams\n          price {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StorefrontProductsDocument,
    "\n  query ProductCategories {\n    productCategories\n  }\n": types.ProductCategoriesDocument,
    "\n  fragment ParcelTrackingFields on ParcelTracking {\n    trackingNumber\n    status\n    subStatus\n    carrierName\n    serviceLevel\n    etaFrom\n    etaTo\n    promisedDate\n    late\n    originCity\n    destinationCity\n    lastEventAt\n    events {\n      id\n      status\n      subStatus\n      description\n      locationName\n      city\n      occurredAt\n    }\n  }\n": types.ParcelTrackingFieldsFragmentDoc,
    "\n  query TrackParcel($trackingNumber: String!) {\n    trackParcel(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n": types.TrackParcelDocument,
    "\n  query StaffAccounts($first: Int!, $after: Cursor, $where: AccountWhereInput) {\n    accounts(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          role\n          displayName\n          disabled\n          lastLoginAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.StaffAccountsDocument,
    "\n  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {\n    createStaffAccount(input: $input) {\n      account {\n        id\n        email\n        role\n        displayName\n        disabled\n        lastLoginAt\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.CreateStaffAccountDocument,
    "\n  mutation UpdateAccount($input: UpdateAccountInput!) {\n    updateAccount(input: $input) {\n      account {\n        id\n        role\n        disabled\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UpdateAccountDocument,
    "\n  query AuditLog($first: Int!, $after: Cursor, $where: AuditEntryWhereInput) {\n    auditEntries(first: $first, after: $after, where: $where, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          actorID\n          actorEmail\n          action\n          objectType\n          objectID\n          before\n          after\n          requestID\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n": types.WarehousesDocument,
    "\n  query LowStock($first: Int!) {\n    stockLevels(first: $first, orderBy: [{ field: ON_HAND, direction: ASC }]) {\n      edges {\n        node {\n          id\n          onHand\n          reserved\n          reorderPoint\n          binLocation\n          product {\n            id\n            sku\n            nameZh\n            nameEn\n          }\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n    }\n  }\n": types.LowStockDocument,
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
export function graphql(source: "\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      ok\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderDetailFields on Order {\n    id\n    number\n    status\n    channel\n    createdAt\n    currency\n    subtotalAmount\n    discountAmount\n    shippingAmount\n    pointsDiscountAmount\n    total {\n      amount\n      currency\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPriceAmount\n      lineTotalAmount\n    }\n    events {\n      id\n      fromStatus\n      toStatus\n      note\n      occurredAt\n    }\n    shipments {\n      id\n      trackingNumber\n      status\n    }\n  }\n"): (typeof documents)["\n  fragment OrderDetailFields on Order {\n    id\n    number\n    status\n    channel\n    createdAt\n    currency\n    subtotalAmount\n    discountAmount\n    shippingAmount\n    pointsDiscountAmount\n    total {\n      amount\n      currency\n    }\n    lines {\n      id\n      sku\n      name\n      quantity\n      unitPriceAmount\n      lineTotalAmount\n    }\n    events {\n      id\n      fromStatus\n      toStatus\n      note\n      occurredAt\n    }\n    shipments {\n      id\n      trackingNumber\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n    myPermissions\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      email\n      role\n      displayName\n    }\n    myPermissions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrders($first: Int!, $after: Cursor) {\n    orders(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyOrders($first: Int!, $after: Cursor) {\n    orders(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrder($number: String!) {\n    orders(first: 1, where: { number: $number }) {\n      edges {\n        node {\n          ...OrderDetailFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyOrder($number: String!) {\n    orders(first: 1, where: { number: $number }) {\n      edges {\n        node {\n          ...OrderDetailFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ok\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ok\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GuestOrder($number: String!, $email: String!) {\n    guestOrder(number: $number, email: $email) {\n      contactEmail\n      ...OrderDetailFields\n    }\n  }\n"): (typeof documents)["\n  query GuestOrder($number: String!, $email: String!) {\n    guestOrder(number: $number, email: $email) {\n      contactEmail\n      ...OrderDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      token\n      account {\n        id\n        email\n        role\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentOrders($first: Int!) {\n    orders(first: $first, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          number\n          status\n          channel\n          contactName\n          total {\n            amount\n            currency\n          }\n          createdAt\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query StaffAccounts($first: Int!, $after: Cursor, $where: AccountWhereInput) {\n    accounts(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          role\n          displayName\n          disabled\n          lastLoginAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffAccounts($first: Int!, $after: Cursor, $where: AccountWhereInput) {\n    accounts(first: $first, after: $after, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          role\n          displayName\n          disabled\n          lastLoginAt\n          createdAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {\n    createStaffAccount(input: $input) {\n      account {\n        id\n        email\n        role\n        displayName\n        disabled\n        lastLoginAt\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateStaffAccount($input: CreateStaffAccountInput!) {\n    createStaffAccount(input: $input) {\n      account {\n        id\n        email\n        role\n        displayName\n        disabled\n        lastLoginAt\n        createdAt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAccount($input: UpdateAccountInput!) {\n    updateAccount(input: $input) {\n      account {\n        id\n        role\n        disabled\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAccount($input: UpdateAccountInput!) {\n    updateAccount(input: $input) {\n      account {\n        id\n        role\n        disabled\n        displayName\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: Cursor, $where: AuditEntryWhereInput) {\n    auditEntries(first: $first, after: $after, where: $where, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          actorID\n          actorEmail\n          action\n          objectType\n          objectID\n          before\n          after\n          requestID\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditLog($first: Int!, $after: Cursor, $where: AuditEntryWhereInput) {\n    auditEntries(first: $first, after: $after, where: $where, orderBy: [{ field: OCCURRED_AT, direction: DESC }]) {\n      totalCount\n      edges {\n        node {\n          id\n          actorID\n          actorEmail\n          action\n          objectType\n          objectID\n          before\n          after\n          requestID\n          occurredAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Warehouses($first: Int!) {\n    warehouses(first: $first) {\n      edges {\n        node {\n          id\n          code\n          name\n          city\n          dailyCapacity\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LowStock($first: Int!) {\n    stockLevels(first: $first, orderBy: [{ field: ON_HAND, direction: ASC }]) {\n      edges {\n        node {\n          id\n          onHand\n          reserved\n          reorderPoint\n          binLocation\n          product {\n            id\n            sku\n            nameZh\n            nameEn\n          }\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LowStock($first: Int!) {\n    stockLevels(first: $first, orderBy: [{ field: ON_HAND, direction: ASC }]) {\n      edges {\n        node {\n          id\n          onHand\n          reserved\n          reorderPoint\n          binLocation\n          product {\n            id\n            sku\n            nameZh\n            nameEn\n          }\n          warehouse {\n            id\n            code\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"): (typeof documents)["\n  subscription ParcelUpdated($trackingNumber: String!) {\n    parcelUpdated(trackingNumber: $trackingNumber) {\n      ...ParcelTrackingFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;