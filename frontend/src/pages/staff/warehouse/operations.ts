// GraphQL operations of the warehouse screens (pick/pack/ship, stock, cycle counts, allocation).
// Names start with Wh so they never collide with other screens' operations.
import { graphql } from '../../../gql'

export const WhWarehousesDocument = graphql(`
  query WhWarehouses {
    warehouses(first: 50) {
      edges {
        node {
          id
          code
          name
          city
          active
        }
      }
    }
  }
`)

// ---------- pick, pack, ship ----------

export const WhPickStartDocument = graphql(`
  query WhPickStart($warehouseId: ID!) {
    pickLists(
      first: 20
      where: { warehouseID: $warehouseId, statusIn: [OPEN, IN_PROGRESS, PICKED] }
      orderBy: [{ field: CREATED_AT, direction: DESC }]
    ) {
      totalCount
      edges {
        node {
          id
          number
          status
          batch
          orderCount
          lineCount
          pickedUnits
          totalUnits
          createdAt
        }
      }
    }
    orders(
      first: 30
      where: { status: ALLOCATED, hasLinesWith: { warehouseID: $warehouseId } }
      orderBy: [{ field: CREATED_AT, direction: ASC }]
    ) {
      totalCount
      edges {
        node {
          id
          number
          deliveryOption
          promisedDeliveryDate
          shipCity
          createdAt
          lines {
            id
            sku
            quantity
            warehouseID
          }
        }
      }
    }
  }
`)

export const WhPickLineFields = graphql(`
  fragment WhPickLineFields on PickListLine {
    id
    orderID
    sku
    barcode
    name
    product {
      id
      nameEn
    }
    binLocation
    sequence
    quantity
    pickedQuantity
    remaining
    lotTracked
    suggestedLot
    suggestedLotExpiresAt
    pickedLot
    status
    product {
      id
      weightGrams
    }
    order {
      id
      number
      status
      deliveryOption
      promisedDeliveryDate
    }
  }
`)

export const WhCartonFields = graphql(`
  fragment WhCartonFields on Carton {
    id
    orderID
    status
    weightGrams
    lengthMm
    widthMm
    heightMm
    items
    shippedAt
    shipment {
      id
      trackingNumber
      labelUrl
      serviceLevel
      carrier {
        id
        name
        nameZh
      }
    }
  }
`)

export const WhPickListDocument = graphql(`
  query WhPickList($id: ID!) {
    node(id: $id) {
      __typename
      ... on PickList {
        id
        number
        status
        batch
        orderCount
        pickedUnits
        totalUnits
        warehouse {
          id
          code
          name
        }
        walk {
          ...WhPickLineFields
        }
        cartons {
          ...WhCartonFields
        }
      }
    }
  }
`)

export const WhCreatePickListDocument = graphql(`
  mutation WhCreatePickList($input: CreatePickListInput!) {
    createPickList(input: $input) {
      pickList {
        id
        number
      }
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhCancelPickListDocument = graphql(`
  mutation WhCancelPickList($id: ID!, $reason: String) {
    cancelPickList(id: $id, reason: $reason) {
      pickList {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhScanDocument = graphql(`
  mutation WhScan($input: ScanPickItemInput!) {
    scanPickItem(input: $input) {
      pickList {
        id
        status
        pickedUnits
        totalUnits
      }
      lines {
        ...WhPickLineFields
      }
      order {
        id
        number
      }
      orderComplete
      listComplete
      remaining
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhQuoteFields = graphql(`
  fragment WhQuoteFields on ShippingQuote {
    carrier {
      id
      code
      name
      nameZh
    }
    serviceLevel
    cost {
      amount
      currency
    }
    transitDays
    estimatedDelivery
    meetsPromise
    recommended
    billableGrams
  }
`)

export const WhPackDocument = graphql(`
  mutation WhPack($input: PackOrderInput!) {
    packOrder(input: $input) {
      carton {
        ...WhCartonFields
        quotes {
          ...WhQuoteFields
        }
      }
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhCartonQuotesDocument = graphql(`
  query WhCartonQuotes($id: ID!) {
    node(id: $id) {
      __typename
      ... on Carton {
        id
        quotes {
          ...WhQuoteFields
        }
      }
    }
  }
`)

export const WhShipDocument = graphql(`
  mutation WhShip($input: ShipCartonInput!) {
    shipCarton(input: $input) {
      shipment {
        id
        trackingNumber
        labelUrl
        serviceLevel
        carrier {
          id
          name
          nameZh
        }
      }
      carton {
        ...WhCartonFields
      }
      order {
        id
        number
        status
      }
      labelUrl
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

// ---------- stock ----------

export const WhStockLevelsDocument = graphql(`
  query WhStockLevels($first: Int!, $after: Cursor, $where: StockLevelWhereInput) {
    stockLevels(first: $first, after: $after, where: $where, orderBy: [{ field: BIN_LOCATION, direction: ASC }]) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          onHand
          reserved
          picked
          available
          reorderPoint
          safetyStock
          binLocation
          low
          suggestedReorderQuantity
          product {
            id
            sku
            barcode
            nameZh
            nameEn
            lotTracked
            backorderPolicy
          }
          lots {
            lotNumber
            expiresAt
            onHand
            free
          }
        }
      }
    }
  }
`)

export const WhMovementsDocument = graphql(`
  query WhMovements($productId: ID!, $warehouseId: ID!, $first: Int!, $after: Cursor) {
    stockMovements(
      first: $first
      after: $after
      where: { productID: $productId, warehouseID: $warehouseId }
      orderBy: [{ field: CREATED_AT, direction: DESC }]
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          kind
          onHandDelta
          reservedDelta
          pickedDelta
          reference
          reason
          actor
          lotNumber
          lotExpiresAt
          createdAt
        }
      }
    }
  }
`)

export const WhProductLookupDocument = graphql(`
  query WhProductLookup($sku: String!) {
    stockBySku(sku: $sku) {
      product {
        id
        sku
        nameZh
        nameEn
        lotTracked
      }
      levels {
        id
        warehouseID
        onHand
        available
        binLocation
        lots {
          lotNumber
          expiresAt
          free
        }
      }
    }
  }
`)

export const WhReceiveDocument = graphql(`
  mutation WhReceive($input: ReceiveStockInput!) {
    receiveStock(input: $input) {
      stockLevel {
        id
        onHand
        reserved
        available
        binLocation
        low
      }
      movements {
        id
      }
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhTransferDocument = graphql(`
  mutation WhTransfer($input: TransferStockInput!) {
    transferStock(input: $input) {
      from {
        id
        onHand
        available
      }
      to {
        id
        onHand
        available
      }
      movements {
        id
      }
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhStockAlertFields = graphql(`
  fragment WhStockAlertFields on StockAlert {
    id
    kind
    status
    available
    reorderPoint
    suggestedQuantity
    reorderQuantity
    restockEta
    createdAt
    warehouseID
    product {
      id
      sku
      nameZh
      nameEn
    }
  }
`)

export const WhLowStockDocument = graphql(`
  query WhLowStock($warehouseId: ID) {
    lowStock(warehouseId: $warehouseId, first: 100) {
      available
      dailyDemand
      daysOfCover
      suggestedQuantity
      stockLevel {
        id
        onHand
        reserved
        reorderPoint
        safetyStock
        binLocation
        restockEta
        product {
          id
          sku
          nameZh
          nameEn
        }
      }
      alert {
        ...WhStockAlertFields
      }
    }
  }
`)

// Only the alert's own fields: its edges (product, warehouse) cannot be resolved in the
// subscription yet (the server answers INTERNAL, "transaction has already been committed", and
// the subscription ends). The low-stock list is read again after each alert for the names.
export const WhStockAlertChangedDocument = graphql(`
  subscription WhStockAlertChanged($warehouseId: ID) {
    stockAlertChanged(warehouseId: $warehouseId) {
      id
      kind
      status
      available
      reorderPoint
      suggestedQuantity
      productID
      stockLevelID
      warehouseID
      updatedAt
    }
  }
`)

export const WhAcknowledgeAlertDocument = graphql(`
  mutation WhAcknowledgeAlert($id: ID!) {
    acknowledgeStockAlert(id: $id) {
      stockAlert {
        ...WhStockAlertFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhMarkReorderedDocument = graphql(`
  mutation WhMarkReordered($id: ID!, $quantity: Int!, $restockEta: Time) {
    markStockAlertReordered(id: $id, quantity: $quantity, restockEta: $restockEta) {
      stockAlert {
        ...WhStockAlertFields
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

// ---------- cycle counts ----------

export const WhCycleCountsDocument = graphql(`
  query WhCycleCounts($warehouseId: ID!) {
    cycleCounts(first: 20, where: { warehouseID: $warehouseId }, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          id
          number
          scope
          zone
          abcClass
          status
          blind
          linesTotal
          linesCounted
          accuracy
          createdAt
        }
      }
    }
    dueCycleCounts(warehouseId: $warehouseId, first: 100) {
      abcClass
      stockLevel {
        id
      }
    }
  }
`)

// What a counter sees: where to count and what, never what the ledger expects.
export const WhCountSheetDocument = graphql(`
  query WhCountSheet($id: ID!) {
    node(id: $id) {
      __typename
      ... on CycleCount {
        id
        number
        status
        blind
        scope
        zone
        abcClass
        tolerancePercent
        linesTotal
        linesCounted
        note
        warehouse {
          id
          code
        }
        walk {
          id
          sku
          binLocation
          sequence
          status
          countedQuantity
          product {
            id
            nameZh
            nameEn
          }
        }
      }
    }
  }
`)

// The variance report: only asked for once counting is closed (submitted or approved).
export const WhCountReportDocument = graphql(`
  query WhCountReport($id: ID!) {
    node(id: $id) {
      __typename
      ... on CycleCount {
        id
        status
        tolerancePercent
        submittedBy
        approvedBy
        approvedAt
        accuracy
        variance {
          linesCounted
          linesWithVariance
          linesWithinTolerance
          netUnits
          absoluteUnits
          netValue {
            amount
            currency
          }
          absoluteValue {
            amount
            currency
          }
          accuracy
        }
        walk {
          id
          sku
          binLocation
          status
          countedQuantity
          countedBy
          expectedQuantity
          variance
          withinTolerance
          movedDuringCount
          product {
            id
            nameZh
            nameEn
          }
        }
      }
    }
  }
`)

export const WhCreateCountDocument = graphql(`
  mutation WhCreateCount($input: CreateCycleCountInput!) {
    createCycleCount(input: $input) {
      cycleCount {
        id
        number
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhRecordCountDocument = graphql(`
  mutation WhRecordCount($lineId: ID!, $quantity: Int!) {
    recordCount(lineId: $lineId, quantity: $quantity) {
      line {
        id
        status
        countedQuantity
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhSubmitCountDocument = graphql(`
  mutation WhSubmitCount($id: ID!) {
    submitCycleCount(id: $id) {
      cycleCount {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhApproveCountDocument = graphql(`
  mutation WhApproveCount($id: ID!, $note: String) {
    approveCycleCount(id: $id, note: $note) {
      cycleCount {
        id
        status
        accuracy
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhReopenCountDocument = graphql(`
  mutation WhReopenCount($id: ID!, $lineIds: [ID!]) {
    reopenCycleCount(id: $id, lineIds: $lineIds) {
      cycleCount {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhCancelCountDocument = graphql(`
  mutation WhCancelCount($id: ID!, $reason: String) {
    cancelCycleCount(id: $id, reason: $reason) {
      cycleCount {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

// ---------- allocation ----------

export const WhAllocationFields = graphql(`
  fragment WhAllocationFields on Allocation {
    id
    status
    shipments
    distanceKm
    priority
    reasons
    decidedBy
    note
    createdAt
    candidates {
      warehouseId
      code
      city
      canFill
      distanceKm
      openOrders
      dailyCapacity
      load
      chosen
      note
    }
    assignments {
      orderLineId
      sku
      warehouseId
      warehouseCode
      quantity
    }
  }
`)

export const WhAllocationsDocument = graphql(`
  query WhAllocations($where: AllocationWhereInput) {
    allocationQueue(first: 50) {
      id
      number
      status
      deliveryOption
      shipCity
      createdAt
    }
    allocations(first: 20, where: $where, orderBy: [{ field: CREATED_AT, direction: DESC }]) {
      totalCount
      edges {
        node {
          ...WhAllocationFields
          order {
            id
            number
            status
            deliveryOption
            shipCity
            lines {
              id
              sku
              name
              quantity
              warehouseID
            }
          }
        }
      }
    }
  }
`)

export const WhAllocateOrderDocument = graphql(`
  mutation WhAllocateOrder($orderId: ID!) {
    allocateOrder(orderId: $orderId) {
      allocation {
        id
        status
      }
      order {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhAllocateOrdersDocument = graphql(`
  mutation WhAllocateOrders {
    allocateOrders(limit: 100) {
      allocated
      unfillable
      skipped
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhOverrideAllocationDocument = graphql(`
  mutation WhOverrideAllocation($input: OverrideAllocationInput!) {
    overrideAllocation(input: $input) {
      allocation {
        id
        status
      }
      order {
        id
        status
      }
      userErrors {
        field
        code
        message
        details
      }
    }
  }
`)

export const WhHoldFulfilmentDocument = graphql(`
  mutation WhHoldFulfilment($orderId: ID!, $note: String!) {
    holdFulfilment(orderId: $orderId, note: $note) {
      order {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)

export const WhReleaseHoldDocument = graphql(`
  mutation WhReleaseHold($orderId: ID!, $note: String) {
    releaseFulfilmentHold(orderId: $orderId, note: $note) {
      order {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`)
